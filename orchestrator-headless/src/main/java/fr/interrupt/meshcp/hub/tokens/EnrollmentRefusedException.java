package fr.interrupt.meshcp.hub.tokens;

import fr.interrupt.meshcp.hub.MeshcpException;

/**
 * Enrollment refused. Specific reasons ("token expired", "token already used") are given only to
 * the holder of a genuine secret; an unknown id or a wrong secret is always just "invalid token".
 */
public final class EnrollmentRefusedException extends MeshcpException {
    private final boolean authenticated;

    private EnrollmentRefusedException(String message, boolean authenticated) {
        super(Kind.REFUSED, message);
        this.authenticated = authenticated;
    }

    public static EnrollmentRefusedException invalidToken() {
        return new EnrollmentRefusedException("invalid token", false);
    }

    /** A refusal for a caller who proved they hold the token's secret. */
    public static EnrollmentRefusedException because(String reason) {
        return new EnrollmentRefusedException(reason, true);
    }

    /** False for the failures that count against the caller's rate limit. */
    public boolean authenticated() {
        return authenticated;
    }
}
