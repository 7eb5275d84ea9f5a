package fr.interrupt.meshcp.hub.jobs;

import java.util.concurrent.CompletableFuture;

/**
 * A live view of a job (AttachJob): output goes to the listener as it comes; {@link #ended()} completes
 * with the job's final status when it ends, or exceptionally when the machine is lost.
 */
public interface Attachment {
    JobRef job();

    CompletableFuture<JobStatus> ended();

    /**
     * Stops following. The job runs on unless the attachment asked for cancel-on-disconnect, in which
     * case the agent kills it.
     */
    void detach();
}
