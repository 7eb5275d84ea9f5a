package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.jobs.KeptStream;
import fr.interrupt.meshcp.hub.jobs.OutputRange;
import fr.interrupt.meshcp.hub.service.ExecListener;

/** One stream of a job as its agent keeps it, read on demand (each read is one call to the agent). */
final class RemoteOutput implements OutputSource {
    private final JobService jobs;
    private final JobStatus job;
    private final ExecListener.OutputKind stream;
    private final KeptStream kept;

    RemoteOutput(JobService jobs, JobStatus job, ExecListener.OutputKind stream) {
        this.jobs = jobs;
        this.job = job;
        this.stream = stream;
        this.kept = stream == ExecListener.OutputKind.STDERR ? job.stderr() : job.stdout();
    }

    @Override
    public long total() {
        return kept.total();
    }

    @Override
    public long headEnd() {
        return kept.headEnd();
    }

    @Override
    public long tailStart() {
        return kept.tailStart();
    }

    @Override
    public byte[] read(long offset, int max) {
        if (offset < 0 || offset >= kept.total() || max <= 0 || (offset >= kept.headEnd() && offset < kept.tailStart())) {
            return new byte[0];
        }
        long end = Math.min(kept.total(), offset + max);
        if (offset < kept.headEnd() && end > kept.headEnd() && kept.hasGap()) {
            end = kept.headEnd();
        }
        OutputRange range = jobs.read(job.ref(), stream, offset, (int) (end - offset));
        if (range.offset() != offset) {
            return new byte[0]; // a running job's tail moved past offset since its status was read: those bytes are gone
        }
        byte[] data = range.data();
        return data.length <= end - offset ? data : java.util.Arrays.copyOf(data, (int) (end - offset));
    }
}
