package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.hub.service.PingResult;
import fr.interrupt.meshcp.shared.text.Durations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "ping", mixinStandardHelpOptions = true, description = "Check that a machine's agent answers over mTLS; prints the round-trip time and agent version.")
final class PingCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            PingResult ping = hub.machines().ping(name);
            if (json.enabled) {
                JsonOutput.print(spec.commandLine().getOut(), SharedViews.ping(ping));
                return 0;
            }
            spec.commandLine().getOut().println(name + " (" + ping.machine().address() + "): online, "
                    + Durations.human(ping.roundTrip()) + ", agent " + ping.agentVersion() + ", up "
                    + Durations.coarse(java.time.Duration.ofSeconds(ping.agentUptimeSeconds())));
            return 0;
        }
    }
}
