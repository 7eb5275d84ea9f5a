package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.config.HubAddress;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenRecord;
import fr.interrupt.meshcp.hub.tokens.TokenRevocation;
import fr.interrupt.meshcp.shared.text.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code token}: create, list and revoke enrollment tokens. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Create, list and revoke single-use enrollment tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    @ParentCommand
    OrchestratorCommand root;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a token bound to NAME and print the command that enrolls the machine.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Machine name: lowercase letters, digits and hyphens.")
        String name;

        @Option(names = "--ttl", defaultValue = "1h", description = "How long the token stays valid (30m, 1h, 24h, 7d). Default: ${DEFAULT-VALUE}.")
        String ttl;

        @Option(names = "--address", paramLabel = "HOST[:PORT]",
                description = "How new machines reach this hub's enrollment endpoint. Default: this machine's first IPv4 address, port 7443.")
        String address;

        @Option(names = {"-q", "--quiet"}, description = "Print only the token.")
        boolean quiet;

        @Override
        public Integer call() {
            try (Hub hub = token.root.openHub("cli")) {
                IssuedToken issued = hub.tokens().create(name, ttl(ttl));
                PrintWriter out = spec.commandLine().getOut();
                String url = HubAddress.enrollmentUrl(address);
                PrintWriter err = spec.commandLine().getErr();
                EnrollHints.endpoint(hub.enrollmentEndpoint().whoServes(EnrollHints.port(url)))
                        .ifPresent(warning -> err.println("warning: " + warning));
                if (quiet) {
                    out.println(issued.token().encode());
                    return 0;
                }
                out.println("Token " + issued.token().id() + " for machine \"" + name + "\" (single use, expires "
                        + TimeText.utc(issued.expiresAt()) + "):");
                out.println();
                out.println("  " + issued.token().encode());
                out.println();
                out.println("On the new machine, run (as root; the token goes through stdin, so other users there never see it):");
                out.println();
                out.println("  " + issued.enrollCommandViaStdin(url));
                out.println();
                EnrollHints.loopback(url).ifPresent(warning -> out.println("Note: " + warning));
                out.println("Then start it with 'meshcp-agent start' and check it with 'ping " + name + "'.");
                out.println();
                InstallHint.print(out, hub.packages().list(), url, issued);
                return 0;
            }
        }

        private static Duration ttl(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw MeshcpException.invalidInput(e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens: id, machine, expiry, state. Secrets are never shown (only their hashes are kept).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            try (Hub hub = token.root.openHub("cli")) {
                List<TokenRecord> all = hub.tokens().list();
                PrintWriter out = spec.commandLine().getOut();
                if (json.enabled) {
                    Instant now = hub.clock().instant();
                    JsonOutput.print(out, Map.of("tokens", all.stream().map(t -> json(t, now)).toList()));
                    return 0;
                }
                if (all.isEmpty()) {
                    out.println("No tokens. Create one with: token create NAME --ttl 1h");
                    return 0;
                }
                Instant now = hub.clock().instant();
                Table table = new Table("ID", "MACHINE", "STATE", "EXPIRES", "CREATED");
                for (TokenRecord t : all) {
                    table.row(t.id(), t.machineName(), t.state(now).label(), expiry(t, now), TimeText.utc(t.createdAt()));
                }
                table.print(out);
                return 0;
            }
        }

        /**
         * One token for --json (docs/CLI-JSON.md): id, machine, state (pending, used, revoked, expired) and its times in
         * RFC 3339 UTC, null when they did not happen. Never the secret, nor its hash.
         */
        static Map<String, Object> json(TokenRecord t, Instant now) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", t.id());
            out.put("machine", t.machineName());
            out.put("state", t.state(now).label());
            out.put("created_at", rfc3339(t.createdAt()));
            out.put("expires_at", rfc3339(t.expiresAt()));
            out.put("used_at", rfc3339(t.usedAt()));
            out.put("revoked_at", rfc3339(t.revokedAt()));
            return out;
        }

        private static String rfc3339(Instant instant) {
            return instant == null ? null : instant.toString();
        }

        /** When a pending token expires ("in 56m"); for any other, what ended it and when. */
        static String expiry(TokenRecord t, Instant now) {
            switch (t.state(now)) {
                case PENDING:
                    return TimeText.utc(t.expiresAt()) + " (" + Durations.until(t.expiresAt(), now) + ")";
                case USED:
                    return "used " + Durations.ago(t.usedAt(), now);
                case REVOKED:
                    return "revoked " + Durations.ago(t.revokedAt(), now);
                default:
                    return "expired " + Durations.ago(t.expiresAt(), now);
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a pending token so it can no longer enroll a machine.",
                "Takes the id ('token list') or the whole token string ('token create -q'); revoking a token that is "
                        + "already revoked or expired succeeds and says so. A used token cannot be revoked: remove "
                        + "the machine it enrolled ('machines remove NAME')."})
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID|TOKEN", description = "The token id, as 'token list' shows it, or the whole token.")
        String id;

        @Override
        public Integer call() {
            try (Hub hub = token.root.openHub("cli")) {
                TokenRevocation revocation = hub.tokens().revoke(id);
                TokenRecord record = revocation.token();
                String which = "token " + record.id() + " (machine \"" + record.machineName() + "\")";
                spec.commandLine().getOut().println(revocation.revokedNow() ? "Revoked " + which + "."
                        : "Nothing to do: " + which + " is already " + revocation.before().label() + ".");
                return 0;
            }
        }
    }
}
