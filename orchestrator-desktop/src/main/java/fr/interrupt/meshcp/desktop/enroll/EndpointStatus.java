package fr.interrupt.meshcp.desktop.enroll;

/** Whether this app serves the enrollment endpoint, and the status bar's sentence about it. */
public record EndpointStatus(State state, String note) {
    public enum State {
        STARTING,
        /** This app serves enrollment. */
        SERVING,
        /** Another process of this hub (same CA) serves it: enrollment works through it. */
        ELSEWHERE,
        /** Something else holds the port (another hub, not TLS): machines cannot enroll with this hub. */
        HELD_BY_OTHER,
        FAILED
    }

    public static EndpointStatus starting() {
        return new EndpointStatus(State.STARTING, "Starting the enrollment endpoint…");
    }

    /** True when some process of this hub (this one or another) answers enrollments on the port. */
    public boolean usable() {
        return state == State.SERVING || state == State.ELSEWHERE;
    }
}
