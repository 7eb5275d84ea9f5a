package fr.interrupt.meshcp.hub.registry;

import java.time.Instant;
import java.util.Map;

/**
 * One successful contact with a machine, to record in the registry ({@link MachineRegistry#markSeen(java.util.Collection)}).
 *
 * @param name         the machine
 * @param when         when it answered
 * @param agentVersion the version it reported; null or empty: keep the stored one
 * @param agentLabels  the labels it reported; null: not reported, keep the stored ones
 */
public record Sighting(String name, Instant when, String agentVersion, Map<String, String> agentLabels) {
}
