package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.pki.RenewalPolicy;
import fr.interrupt.meshcp.shared.text.Durations;
import java.time.Instant;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show a machine's system status and what its agent allows.",
            "",
            "OS, kernel, arch, uptime, CPU (model, cores, load, usage), memory, swap, disks, network "
                    + "addresses, agent version, and the capabilities (shell, files, system, docker) with their limits."})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The machine.")
    String machine;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            PrintWriter out = spec.commandLine().getOut();
            SystemStatus status = hub.status().status(machine);
            if (json.enabled) {
                JsonOutput.print(out, SharedViews.systemStatus(status, machine));
                return 0;
            }
            StatusText.lines(machine, status).forEach(out::println);
            Instant now = hub.clock().instant();
            hub.certificates().currentCertificate(machine).ifPresent(c -> out.println("Certificate:  expires "
                    + TimeText.utc(c.notAfter()) + " (" + Durations.until(c.notAfter(), now) + "), renewal due "
                    + (RenewalPolicy.dueAt(c.notBefore(), c.notAfter()).isAfter(now)
                            ? Durations.until(RenewalPolicy.dueAt(c.notBefore(), c.notAfter()), now) : "now")));
            return 0;
        }
    }
}
