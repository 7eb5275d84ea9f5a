package fr.interrupt.meshcp.agent.enroll;

import fr.interrupt.meshcp.agent.AgentException;

/** Enrollment did not happen; the message says why in plain words. */
public final class EnrollmentException extends AgentException {
    private static final long serialVersionUID = 1L;

    public EnrollmentException(String message) {
        super(message);
    }

    public EnrollmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
