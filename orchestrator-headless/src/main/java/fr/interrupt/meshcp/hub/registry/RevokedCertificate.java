package fr.interrupt.meshcp.hub.registry;

import java.time.Instant;

/** The certificate of a removed machine: never accepted again, even if presented at the right address. */
public record RevokedCertificate(String serial, String machineName, Instant revokedAt) {
}
