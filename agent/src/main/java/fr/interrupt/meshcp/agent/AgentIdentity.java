package fr.interrupt.meshcp.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Who this agent is and since when: what Ping answers. */
public record AgentIdentity(String machineName, String agentVersion, HostFacts host, Clock clock, Instant started) {
    public long uptimeSeconds() {
        return Duration.between(started, clock.instant()).toSeconds();
    }
}
