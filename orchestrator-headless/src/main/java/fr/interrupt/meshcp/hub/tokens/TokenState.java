package fr.interrupt.meshcp.hub.tokens;

/** Where a token is in its life. */
public enum TokenState {
    PENDING,
    USED,
    EXPIRED,
    REVOKED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
