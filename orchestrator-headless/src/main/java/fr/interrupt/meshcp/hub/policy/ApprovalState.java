package fr.interrupt.meshcp.hub.policy;

/** Where an approval request stands. Every state but {@link #PENDING} and {@link #APPROVED} is final. */
public enum ApprovalState {
    /** Waiting for a person at the hub. */
    PENDING("pending"),
    /** A person approved it; the approver is starting the job. */
    APPROVED("approved"),
    /** Approved and started as a job on its machine (see the request's job). */
    STARTED("started"),
    /** Approved, and the file change written by the approver (see the request's written). */
    WRITTEN("written"),
    /** A person denied it (see reason). */
    DENIED("denied"),
    /** Nobody decided before it expired. */
    EXPIRED("expired"),
    /** The MCP caller withdrew it (job_cancel) before anyone decided. */
    WITHDRAWN("withdrawn"),
    /** Approved, but the job could not be started or the file change could not be written (see error). */
    FAILED("failed");

    private final String label;

    ApprovalState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** True once nothing more will happen to the request. */
    public boolean isFinal() {
        return this != PENDING && this != APPROVED;
    }
}
