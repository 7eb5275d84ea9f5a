package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.proto.agent.v1.JobState;

/**
 * Where a command stands: the one state model every face renders (CLI exit codes, MCP "state",
 * the desktop's job list). Every state but {@link #RUNNING} is final.
 */
public enum ExecState {
    /** Still running on the machine. */
    RUNNING("running"),
    /** Its main process ended by itself, with an exit code (zero or not) or a signal. */
    EXITED("exited"),
    /** Killed by the agent when its timeout passed; never reports exit code 0. */
    TIMED_OUT("timed_out"),
    /** Killed on request (Ctrl-C, job cancel, a cancelled MCP call, agent shutdown). */
    CANCELLED("cancelled"),
    /** Never ran: the agent could not start it, refused it, or the machine could not be reached. */
    FAILED("failed");

    private final String label;

    ExecState(String label) {
        this.label = label;
    }

    /** The lower-case word shown to people and in MCP results: "running", "timed_out"... */
    public String label() {
        return label;
    }

    public boolean isFinal() {
        return this != RUNNING;
    }

    /** Every label, in declaration order (for JSON schemas). */
    public static String[] labels() {
        ExecState[] all = values();
        String[] labels = new String[all.length];
        for (int i = 0; i < all.length; i++) {
            labels[i] = all[i].label;
        }
        return labels;
    }

    /** The agent's state on the wire; an unknown (newer) value reads as FAILED. */
    public static ExecState of(JobState wire) {
        switch (wire) {
            case JOB_STATE_RUNNING:
                return RUNNING;
            case JOB_STATE_EXITED:
                return EXITED;
            case JOB_STATE_TIMED_OUT:
                return TIMED_OUT;
            case JOB_STATE_CANCELLED:
                return CANCELLED;
            default:
                return FAILED;
        }
    }
}
