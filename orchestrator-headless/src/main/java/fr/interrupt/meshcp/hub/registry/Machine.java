package fr.interrupt.meshcp.hub.registry;

import java.time.Instant;

/**
 * An enrolled machine: where to dial it and which certificate it must present there.
 * {@code lastSeen} is the last successful call from any process; null until the first one.
 */
public record Machine(String name, String host, int port, String certificateSerial, String certificateSha256,
                      String hostname, String os, String arch, String agentVersion, Instant enrolledAt, Instant lastSeen) {

    /** host:port, with brackets around an IPv6 literal. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public Machine seen(Instant when, String version) {
        return new Machine(name, host, port, certificateSerial, certificateSha256, hostname, os, arch,
                version == null || version.isEmpty() ? agentVersion : version, enrolledAt, when);
    }
}
