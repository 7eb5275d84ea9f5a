package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.jobs.Attachment;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;

/**
 * The hub's job calls the Run command screen makes ({@code hub.jobs()}), as an interface so view-model
 * tests can answer them. Every method may block: call them off the FX thread.
 */
public interface JobsApi {
    /** Starts the command as a job kept by the machine's agent; throws with the agent's sentence. */
    JobStatus start(String machine, ExecOptions options);

    /** Follows the job from its first kept byte; detaching (or this app closing) never cancels it. */
    Attachment attach(JobRef job, ExecListener listener);

    /** Asks the agent to kill the job's process tree. */
    JobStatus cancel(JobRef job);

    /** Running and recent jobs of every enrolled machine, newest first, and the machines that could not be asked. */
    FleetJobs listAll();

    /** The hub's own job service. */
    static JobsApi of(JobService jobs) {
        return new JobsApi() {
            @Override
            public JobStatus start(String machine, ExecOptions options) {
                return jobs.start(machine, options);
            }

            @Override
            public Attachment attach(JobRef job, ExecListener listener) {
                return jobs.attach(job, 0, 0, false, listener);
            }

            @Override
            public JobStatus cancel(JobRef job) {
                return jobs.cancel(job);
            }

            @Override
            public FleetJobs listAll() {
                return jobs.listAll();
            }
        };
    }
}
