package fr.interrupt.meshcp.hub;

/**
 * A failure a person can act on. Its message is a complete sentence shown as is by the CLI,
 * the MCP server and the desktop app; it never carries a stack trace or a secret.
 */
public class MeshcpException extends RuntimeException {

    /**
     * What kind of failure, the one taxonomy every face maps: the CLI to an exit code ({@code cli.ExitCodes}), the
     * desktop to how it shows the failure ({@code ui.Tasks.onError} receives the exception), MCP to a tool error.
     */
    public enum Kind {
        /** A name, value or argument that breaks a rule: the caller can fix it. */
        INVALID_INPUT,
        /** No such machine, token, file or directory. */
        NOT_FOUND,
        /** The machine (or the hub's endpoint) could not be reached, or did not answer in time. */
        UNREACHABLE,
        /** A policy said no: the agent's capabilities, a certificate, a size limit. */
        REFUSED,
        /** The request clashes with the current state (already enrolled, token no longer pending, port taken). */
        CONFLICT,
        /** The hub's data dir or a state file cannot be used (permissions, corrupt file, lock). */
        STATE,
        /** The person (or the client) cancelled the operation before it finished. */
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
