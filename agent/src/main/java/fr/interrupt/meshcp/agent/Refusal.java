package fr.interrupt.meshcp.agent;

/**
 * A capability said no: the request is invalid, not allowed by agent.yaml, or cannot be served now.
 * Capabilities throw it with one short sentence; the gRPC layer turns it into a status of the same kind.
 */
public final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why; each maps to the gRPC status code of the same name. */
    public enum Kind {
        INVALID_ARGUMENT,
        PERMISSION_DENIED,
        NOT_FOUND,
        FAILED_PRECONDITION,
        RESOURCE_EXHAUSTED,
        UNAVAILABLE
    }

    private final Kind kind;

    public Refusal(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static Refusal invalid(String message) {
        return new Refusal(Kind.INVALID_ARGUMENT, message);
    }

    public static Refusal denied(String message) {
        return new Refusal(Kind.PERMISSION_DENIED, message);
    }

    public static Refusal notFound(String message) {
        return new Refusal(Kind.NOT_FOUND, message);
    }

    public static Refusal precondition(String message) {
        return new Refusal(Kind.FAILED_PRECONDITION, message);
    }

    public static Refusal exhausted(String message) {
        return new Refusal(Kind.RESOURCE_EXHAUSTED, message);
    }

    public static Refusal unavailable(String message) {
        return new Refusal(Kind.UNAVAILABLE, message);
    }

    /** The refusal for a capability that agent.yaml turns off. */
    public static Refusal disabled(String capability) {
        return precondition(capability + " is disabled on this machine (capabilities." + capability + ".enabled in agent.yaml)");
    }
}
