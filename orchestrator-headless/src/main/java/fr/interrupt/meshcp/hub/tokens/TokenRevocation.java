package fr.interrupt.meshcp.hub.tokens;

/**
 * What {@link TokenService#revoke} did: {@code before} is the token's state when asked. PENDING: it is revoked now;
 * REVOKED or EXPIRED: it already could not enroll, nothing changed (revoking is idempotent).
 */
public record TokenRevocation(TokenRecord token, TokenState before) {

    /** True when this call revoked the token, false when it had already ended. */
    public boolean revokedNow() {
        return before == TokenState.PENDING;
    }
}
