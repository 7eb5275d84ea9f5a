package fr.interrupt.meshcp.hub.tokens;

import java.time.Instant;

/** One enrollment token as stored in tokens.json: the secret's SHA-256 only, never the secret. */
public record TokenRecord(String id, String machineName, String secretSha256, Instant createdAt, Instant expiresAt,
                          Instant usedAt, Instant revokedAt) {

    public TokenState state(Instant now) {
        if (revokedAt != null) {
            return TokenState.REVOKED;
        }
        if (usedAt != null) {
            return TokenState.USED;
        }
        if (!now.isBefore(expiresAt)) {
            return TokenState.EXPIRED;
        }
        return TokenState.PENDING;
    }

    TokenRecord used(Instant when) {
        return new TokenRecord(id, machineName, secretSha256, createdAt, expiresAt, when, revokedAt);
    }

    TokenRecord revoked(Instant when) {
        return new TokenRecord(id, machineName, secretSha256, createdAt, expiresAt, usedAt, when);
    }
}
