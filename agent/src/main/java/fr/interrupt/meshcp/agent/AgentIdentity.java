package fr.interrupt.meshcp.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Who this agent is and since when, with its labels (agent.yaml): what Ping answers. */
public record AgentIdentity(String machineName, String agentVersion, HostFacts host, Clock clock, Instant started, Map<String, String> labels) {
    public AgentIdentity {
        labels = Map.copyOf(labels);
    }

    /** An identity without labels. */
    public AgentIdentity(String machineName, String agentVersion, HostFacts host, Clock clock, Instant started) {
        this(machineName, agentVersion, host, clock, started, Map.of());
    }

    public long uptimeSeconds() {
        return Duration.between(started, clock.instant()).toSeconds();
    }
}
