package fr.interrupt.meshcp.desktop.enroll;

import java.time.Instant;

/** A pending token as the dialog lists it (never its secret: the hub keeps only a hash). */
public record TokenRow(String id, String machineName, Instant createdAt, Instant expiresAt) {
}
