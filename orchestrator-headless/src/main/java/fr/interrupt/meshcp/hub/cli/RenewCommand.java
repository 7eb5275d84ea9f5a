package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.certs.RenewalOutcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code machines renew}: renew machine certificates now instead of waiting for two thirds of their life. */
@Command(name = "renew", mixinStandardHelpOptions = true,
        description = {"Renew a machine's certificate now (the agent makes a new key; the hub signs it), or every machine's with --all.",
            "Without --force only certificates past two thirds of their life are renewed."})
final class RenewCommand implements Callable<Integer> {
    @ParentCommand
    MachinesCommand machines;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The machine; omit with --all.")
    String name;

    @Option(names = "--all", description = "Every enrolled machine.")
    boolean all;

    @Option(names = "--force", description = "Renew even certificates that are not due yet.")
    boolean force;

    @Override
    public Integer call() {
        if ((name == null) == !all) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "give a machine NAME or --all, not both or neither");
        }
        try (Hub hub = machines.root.openHub("cli")) {
            List<RenewalOutcome> outcomes = all ? hub.certificates().renewAll(force) : List.of(hub.certificates().renew(name, force));
            PrintWriter out = spec.commandLine().getOut();
            boolean failed = false;
            for (RenewalOutcome outcome : outcomes) {
                if (outcome.renewed()) {
                    out.println(outcome.machine() + ": renewed, serial " + outcome.serial() + " (was " + outcome.previousSerial()
                            + "), expires " + TimeText.utc(outcome.notAfter()));
                } else if (outcome.notAfter() != null) {
                    out.println(outcome.machine() + ": not due until " + TimeText.utc(outcome.renewalDue()) + ", expires "
                            + TimeText.utc(outcome.notAfter()) + " (--force renews it now)");
                } else {
                    failed = true;
                    out.println(outcome.machine() + ": " + outcome.note());
                }
            }
            return failed ? 1 : 0;
        }
    }
}
