package fr.interrupt.meshcp.shared;

/** Default ports both sides agree on. */
public final class Ports {
    /** The hub's HTTPS enrollment endpoint. */
    public static final int ENROLLMENT = 7443;
    /** Every agent's mTLS gRPC server. */
    public static final int AGENT = 7444;

    private Ports() {
    }
}
