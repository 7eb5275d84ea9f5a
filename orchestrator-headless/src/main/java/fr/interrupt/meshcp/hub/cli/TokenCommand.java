package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.config.HubAddress;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenRecord;
import fr.interrupt.meshcp.shared.text.Durations;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", description = "Create, list and revoke single-use enrollment tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand {
    @ParentCommand
    OrchestratorCommand root;

    @Command(name = "create", description = "Create a token bound to NAME and print the command that enrolls the machine.")
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
                if (quiet) {
                    out.println(issued.token().encode());
                    return 0;
                }
                out.println("Token " + issued.token().id() + " for machine \"" + name + "\" (single use, expires "
                        + TimeText.utc(issued.expiresAt()) + "):");
                out.println();
                out.println("  " + issued.token().encode());
                out.println();
                out.println("On the new machine, run:");
                out.println();
                out.println("  " + issued.enrollCommand(HubAddress.enrollmentUrl(address)));
                out.println();
                out.println("Then start it with 'meshcp-agent start' and check it with 'ping " + name + "'.");
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

    @Command(name = "list", description = "List tokens: id, machine, expiry, state. Secrets are never shown (only their hashes are kept).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Hub hub = token.root.openHub("cli")) {
                List<TokenRecord> all = hub.tokens().list();
                PrintWriter out = spec.commandLine().getOut();
                if (all.isEmpty()) {
                    out.println("No tokens. Create one with: token create NAME --ttl 1h");
                    return 0;
                }
                Instant now = hub.clock().instant();
                Table table = new Table("ID", "MACHINE", "STATE", "EXPIRES", "CREATED");
                for (TokenRecord t : all) {
                    table.row(t.id(), t.machineName(), t.state(now).label(),
                            TimeText.utc(t.expiresAt()) + " (" + Durations.until(t.expiresAt(), now) + ")", TimeText.utc(t.createdAt()));
                }
                table.print(out);
                return 0;
            }
        }
    }

    @Command(name = "revoke", description = "Revoke a pending token so it can no longer enroll a machine.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The token id, as 'token list' shows it.")
        String id;

        @Override
        public Integer call() {
            try (Hub hub = token.root.openHub("cli")) {
                TokenRecord revoked = hub.tokens().revoke(id);
                spec.commandLine().getOut().println("Revoked token " + id + " (machine \"" + revoked.machineName() + "\").");
                return 0;
            }
        }
    }
}
