package fr.interrupt.meshcp.agent;

/** A failure the person running the agent can act on. Its message is one line that says what to do; the CLI prints it as is. */
public class AgentException extends Exception {
    private static final long serialVersionUID = 1L;

    public AgentException(String message) {
        super(message);
    }

    public AgentException(String message, Throwable cause) {
        super(message, cause);
    }
}
