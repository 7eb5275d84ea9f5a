package fr.interrupt.meshcp.desktop.enroll;

/** Whether this app serves the enrollment endpoint, and the status bar's sentence about it. */
public record EndpointStatus(State state, String note) {
    public enum State {
        STARTING,
        SERVING,
        ELSEWHERE,
        FAILED
    }

    public static EndpointStatus starting() {
        return new EndpointStatus(State.STARTING, "Starting the enrollment endpoint…");
    }

    /** True when some process (this one or another) answers enrollments on the port. */
    public boolean usable() {
        return state == State.SERVING || state == State.ELSEWHERE;
    }
}
