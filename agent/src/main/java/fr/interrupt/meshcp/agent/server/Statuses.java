package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.Refusal;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what a capability threw into the status the caller sees: a Refusal as its own code and sentence, anything else as a short INTERNAL. */
final class Statuses {
    private static final Logger LOG = LoggerFactory.getLogger(Statuses.class);

    /** What the caller reads for a failure the agent did not expect: no class name, where to look instead. */
    static final String UNEXPECTED = "the agent hit an unexpected error: its log says why "
            + "(journalctl -u meshcp-agent, or the terminal running 'meshcp-agent start')";

    private Statuses() {
    }

    static Status of(Throwable t) {
        if (t instanceof Refusal refusal) {
            return code(refusal.kind()).withDescription(refusal.getMessage());
        }
        if (t instanceof io.grpc.StatusRuntimeException sre) {
            return sre.getStatus();
        }
        LOG.error("unexpected failure while serving a call", t);
        return Status.INTERNAL.withDescription(UNEXPECTED);
    }

    private static Status code(Refusal.Kind kind) {
        switch (kind) {
            case INVALID_ARGUMENT:
                return Status.INVALID_ARGUMENT;
            case PERMISSION_DENIED:
                return Status.PERMISSION_DENIED;
            case NOT_FOUND:
                return Status.NOT_FOUND;
            case FAILED_PRECONDITION:
                return Status.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED:
                return Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE:
                return Status.UNAVAILABLE;
            default:
                return Status.INTERNAL;
        }
    }
}
