package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.certs.CaStatus;
import fr.interrupt.meshcp.hub.certs.CertificateLifecycle;
import fr.interrupt.meshcp.hub.certs.HubRevocation;
import fr.interrupt.meshcp.hub.service.FanOut;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ca}: the hub's certificates over time (status, validity, revoking the hub's client certificate). */
@Command(name = "ca", mixinStandardHelpOptions = true,
        description = {"The hub's CA and certificates: expiry dates, how long new certificates last, revoking the hub's.",
            "Agent and hub client certificates last 30 days by default and renew themselves at two thirds of their life "
                    + "(serve and the desktop check every 30 s; 'machines renew' forces it)."},
        subcommands = {CaCommand.Status.class, CaCommand.SetValidity.class, CaCommand.RevokeHub.class, CaCommand.Rotate.class})
final class CaCommand {
    @ParentCommand
    OrchestratorCommand root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the CA, the hub's client certificate, the deny list and each machine's certificate expiry.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        CaCommand ca;
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;

        @Override
        public Integer call() {
            try (Hub hub = ca.root.openHub("cli")) {
                CaStatus status = hub.certificates().status();
                PrintWriter out = spec.commandLine().getOut();
                if (json.enabled) {
                    JsonOutput.print(out, json(status));
                    return 0;
                }
                Instant now = hub.clock().instant();
                for (CaStatus.CaInfo info : status.cas()) {
                    out.println((info.role().equals("new") ? "New CA (rotating): " : "CA:                 ") + info.subject()
                            + ", expires " + TimeText.utc(info.notAfter()) + " (" + Durations.until(info.notAfter(), now) + "), "
                            + info.machines() + (info.machines() == 1 ? " machine" : " machines"));
                    out.println("  pin:              " + info.pin());
                }
                out.println("New certificates:   last " + status.leafValidity().toDays() + " days, renewed at two thirds of their life");
                out.println("Hub certificate:    serial " + status.hubSerial() + ", expires " + TimeText.utc(status.hubNotAfter())
                        + " (" + Durations.until(status.hubNotAfter(), now) + ")");
                out.println("Revoked hub certs:  " + (status.revokedHubSerials().isEmpty() ? "none"
                        : String.join(", ", status.revokedHubSerials()) + " (deny list version " + status.denyListVersion() + ")"));
                out.println("Machines:           " + status.machines().size() + " enrolled"
                        + (status.rotating() ? "; a CA rotation is under way ('ca rotate --finish' once every machine is on the new CA)" : ""));
                if (!status.machines().isEmpty()) {
                    out.println();
                    Table table = new Table("MACHINE", "SERIAL", "EXPIRES", "RENEWAL DUE", "CA");
                    for (CaStatus.MachineRow row : status.machines()) {
                        table.row(row.name(), row.serial(),
                                row.notAfter() == null ? "not asked yet" : TimeText.utc(row.notAfter()),
                                row.renewalDue() == null ? "-" : row.renewalDue().isAfter(now) ? Durations.until(row.renewalDue(), now) : "now",
                                caRole(status, row.caPin()));
                    }
                    table.print(out);
                }
                return 0;
            }
        }

        private static String caRole(CaStatus status, String pin) {
            return status.cas().stream().filter(info -> info.pin().equals(pin)).map(CaStatus.CaInfo::role).findFirst()
                    .orElse(pin == null ? "-" : "retired");
        }

        private static Map<String, Object> json(CaStatus status) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("ca_subject", status.caSubject());
            document.put("ca_pin", status.caPin());
            document.put("ca_not_after", status.caNotAfter().toString());
            document.put("leaf_validity_days", status.leafValidity().toDays());
            document.put("hub_serial", status.hubSerial());
            document.put("hub_not_after", status.hubNotAfter().toString());
            document.put("deny_list_version", status.denyListVersion());
            document.put("revoked_hub_serials", status.revokedHubSerials());
            document.put("machines", status.machines().stream().map(row -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", row.name());
                m.put("serial", row.serial());
                m.put("not_after", row.notAfter() == null ? null : row.notAfter().toString());
                m.put("renewal_due", row.renewalDue() == null ? null : row.renewalDue().toString());
                m.put("ca_pin", row.caPin());
                return m;
            }).toList());
            document.put("cas", status.cas().stream().map(info -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("role", info.role());
                m.put("subject", info.subject());
                m.put("pin", info.pin());
                m.put("not_after", info.notAfter().toString());
                m.put("machines", info.machines());
                return m;
            }).toList());
            return document;
        }
    }

    @Command(name = "set-validity", mixinStandardHelpOptions = true,
            description = "Set how many days agent and hub client certificates issued from now on last (1 to 397; default 30).")
    static final class SetValidity implements Callable<Integer> {
        @ParentCommand
        CaCommand ca;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DAYS", description = "Days, " + CertificateLifecycle.MIN_VALIDITY_DAYS + " to "
                + CertificateLifecycle.MAX_VALIDITY_DAYS + ".")
        int days;

        @Override
        public Integer call() {
            try (Hub hub = ca.root.openHub("cli")) {
                Duration validity = hub.certificates().setLeafValidityDays(days);
                spec.commandLine().getOut().println("New agent and hub client certificates last " + validity.toDays()
                        + " days; certificates in use keep their dates and renew at two thirds of their life.");
                return 0;
            }
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Start a CA rotation: make a new CA that machines trust besides the current one and move each "
                    + "machine's certificate to it at its next contact.",
                "With --finish, drop the old CA once every machine is on the new one (restart serve and the desktop "
                        + "afterwards; tokens made before no longer enroll)."})
    static final class Rotate implements Callable<Integer> {
        @ParentCommand
        CaCommand ca;
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Option(names = "--finish", description = "Finish the rotation under way: the new CA becomes the only one.")
        boolean finish;

        @picocli.CommandLine.Option(names = "--force", description = "With --finish: even if some machines are still on the old CA "
                + "(they must then enroll again).")
        boolean force;

        @Override
        public Integer call() {
            if (force && !finish) {
                throw new fr.interrupt.meshcp.hub.MeshcpException(fr.interrupt.meshcp.hub.MeshcpException.Kind.INVALID_INPUT,
                        "--force goes with --finish");
            }
            try (Hub hub = ca.root.openHub("cli")) {
                PrintWriter out = spec.commandLine().getOut();
                List<FanOut.Each<Boolean>> machines = finish ? hub.certificates().finishRotation(force) : hub.certificates().rotate();
                CaStatus status = hub.certificates().status();
                out.println(finish ? "The new CA is now the only one (pin " + status.caPin() + "). Restart serve and the desktop; "
                                + "create new tokens for new machines."
                        : "Started a CA rotation: new CA pin " + status.cas().get(status.cas().size() - 1).pin() + ".");
                long ok = machines.stream().filter(FanOut.Each::ok).count();
                out.println(ok + " of " + machines.size() + (finish ? " machines trust only the new CA now." : " machines are on the new CA now."));
                machines.stream().filter(each -> !each.ok()).forEach(each -> out.println("  " + each.machine() + ": "
                        + each.error().getMessage() + " (it moves at its next contact)"));
                return 0;
            }
        }
    }

    @Command(name = "revoke-hub", mixinStandardHelpOptions = true,
            description = {"Revoke the hub's client certificate (if its key may have leaked): issue a new one and push the "
                    + "signed deny list to every machine.",
                "Machines that do not answer now get the list from serve, the desktop or 'machines renew' at their next contact."})
    static final class RevokeHub implements Callable<Integer> {
        @ParentCommand
        CaCommand ca;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Hub hub = ca.root.openHub("cli")) {
                HubRevocation revocation = hub.certificates().revokeHub();
                PrintWriter out = spec.commandLine().getOut();
                out.println("Revoked the hub's client certificate " + revocation.revokedSerial() + "; the hub now uses "
                        + revocation.newSerial() + " (deny list version " + revocation.denyListVersion() + ").");
                List<FanOut.Each<Long>> late = revocation.machines().stream().filter(each -> !each.ok()).toList();
                out.println((revocation.machines().size() - late.size()) + " of " + revocation.machines().size()
                        + " machines refuse the old certificate now.");
                late.forEach(each -> out.println("  " + each.machine() + ": " + each.error().getMessage()
                        + " (it gets the list at its next contact)"));
                return 0;
            }
        }
    }
}
