package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.shared.text.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "machines", description = "List enrolled machines, pinging each for its status.",
        subcommands = {MachinesCommand.Remove.class})
final class MachinesCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            List<MachineSnapshot> fleet = hub.machines().snapshot();
            PrintWriter out = spec.commandLine().getOut();
            if (fleet.isEmpty()) {
                out.println("No machines enrolled yet. Create a token with: token create NAME --ttl 1h");
                return 0;
            }
            Instant now = hub.clock().instant();
            Table table = new Table("NAME", "ADDRESS", "STATUS", "LAST SEEN", "OS/ARCH", "AGENT VERSION");
            for (MachineSnapshot s : fleet) {
                Machine m = s.machine();
                table.row(m.name(), m.address(), s.online() ? "online" : "offline", Durations.ago(m.lastSeen(), now),
                        m.os() + "/" + m.arch(), s.agentVersion());
            }
            table.print(out);
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a machine and revoke its certificate; it must enroll again with a new token.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        MachinesCommand machines;
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Hub hub = machines.root.openHub("cli")) {
                Machine removed = hub.machines().remove(name);
                spec.commandLine().getOut().println("Removed machine \"" + removed.name() + "\"; its certificate (serial "
                        + removed.certificateSerial() + ") is revoked.");
                return 0;
            }
        }
    }
}
