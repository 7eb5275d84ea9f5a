package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.registry.Machine;
import java.time.Duration;

/** A successful ping: round-trip time and what the agent says of itself. */
public record PingResult(Machine machine, Duration roundTrip, String agentVersion, long agentUptimeSeconds) {
}
