package fr.interrupt.meshcp.hub;

/**
 * A failure a person can act on. Its message is a complete sentence shown as is by the CLI,
 * the MCP server and the desktop app; it never carries a stack trace or a secret.
 */
public class MeshcpException extends RuntimeException {

    /** What kind of failure, so each face can map it (exit code, MCP tool error, dialog). */
    public enum Kind {
        INVALID_INPUT,
        NOT_FOUND,
        UNREACHABLE,
        REFUSED,
        CONFLICT,
        STATE,
        /** Stopped on request (Ctrl-C, a cancelled MCP call) before it finished. */
        CANCELLED
    }

    private final Kind kind;

    public MeshcpException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public MeshcpException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** A name or value that fails one of the shared rules (MachineName, EnrollmentToken...). */
    public static MeshcpException invalidInput(IllegalArgumentException e) {
        return new MeshcpException(Kind.INVALID_INPUT, e.getMessage(), e);
    }

    public Kind kind() {
        return kind;
    }
}
