package fr.interrupt.meshcp.hub.mcp.jobs;

/** Where a job stands. Every state but RUNNING is final. */
public enum JobState {
    /** Still running on the machine. */
    RUNNING("running"),
    /** Ended by itself, with an exit code (zero or not). */
    EXITED("exited"),
    /** Killed by the agent when its timeout passed. */
    TIMED_OUT("timed_out"),
    /** Killed on request (job_cancel, or the MCP session ending). */
    CANCELLED("cancelled"),
    /** Could not run or lost its machine (unreachable, refused by the agent's policy). */
    FAILED("failed");

    private final String label;

    JobState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static String[] labels() {
        JobState[] all = values();
        String[] labels = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            labels[i] = all[i].label;
        }
        return labels;
    }
}
