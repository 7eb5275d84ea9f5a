package fr.interrupt.meshcp.hub.registry;

import fr.interrupt.meshcp.shared.labels.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An enrolled machine: where to dial it and which certificate it must present there.
 * {@code lastSeen} is the last successful call from any process; null until the first one.
 *
 * @param agentLabels the labels its agent reported in its last answered ping ({@code labels:} in its agent.yaml),
 *                    kept while it is offline; sorted, never null (a registry written before labels reads as empty)
 * @param hubLabels   the labels set on the hub ({@code machines label}); sorted, never null
 */
public record Machine(String name, String host, int port, String certificateSerial, String certificateSha256,
                      String hostname, String os, String arch, String agentVersion, Instant enrolledAt, Instant lastSeen,
                      Map<String, String> agentLabels, Map<String, String> hubLabels) {

    public Machine {
        agentLabels = Labels.validOnly(agentLabels);
        hubLabels = Labels.validOnly(hubLabels);
    }

    /** A machine without labels. */
    public Machine(String name, String host, int port, String certificateSerial, String certificateSha256,
                   String hostname, String os, String arch, String agentVersion, Instant enrolledAt, Instant lastSeen) {
        this(name, host, port, certificateSerial, certificateSha256, hostname, os, arch, agentVersion, enrolledAt, lastSeen, null, null);
    }

    /** host:port, with brackets around an IPv6 literal. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The labels selectors match: the agent's, with the hub's on top (a hub-set label wins over the agent's on the
     * same key, so the hub's operator can correct a machine without editing its agent.yaml). Sorted.
     */
    public Map<String, String> labels() {
        return Labels.merged(agentLabels, hubLabels);
    }

    /**
     * Where each of {@link #labels()} comes from, for people: "agent", "hub", or "hub, over the agent's VALUE" when a
     * hub-set label hides the agent's value. Sorted by key.
     */
    public Map<String, String> labelSources() {
        Map<String, String> sources = new TreeMap<>();
        agentLabels.keySet().forEach(k -> sources.put(k, "agent"));
        hubLabels.forEach((k, v) -> sources.put(k, agentLabels.containsKey(k) && !agentLabels.get(k).equals(v)
                ? "hub, over the agent's " + (agentLabels.get(k).isEmpty() ? "empty value" : agentLabels.get(k)) : "hub"));
        return sources;
    }

    public Machine seen(Instant when, String version) {
        return new Machine(name, host, port, certificateSerial, certificateSha256, hostname, os, arch,
                version == null || version.isEmpty() ? agentVersion : version, enrolledAt, when, agentLabels, hubLabels);
    }

    /** This machine with the labels its agent reported just now. */
    public Machine withAgentLabels(Map<String, String> reported) {
        return new Machine(name, host, port, certificateSerial, certificateSha256, hostname, os, arch, agentVersion, enrolledAt, lastSeen,
                reported, hubLabels);
    }

    /** This machine with these hub-set labels. */
    public Machine withHubLabels(Map<String, String> labels) {
        return new Machine(name, host, port, certificateSerial, certificateSha256, hostname, os, arch, agentVersion, enrolledAt, lastSeen,
                agentLabels, labels);
    }
}
