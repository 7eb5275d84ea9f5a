package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.Attachment;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.jobs.KeptStream;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers the console's job calls from memory: jobs start as asked, attachments are driven by the test. */
public final class FakeJobs implements JobsApi {
    public static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    public final List<String> started = new CopyOnWriteArrayList<>();
    public final List<JobRef> cancelled = new CopyOnWriteArrayList<>();
    public final Map<JobRef, Follow> follows = new LinkedHashMap<>();
    public final Map<String, String> refusals = new LinkedHashMap<>();
    public volatile FleetJobs listing = new FleetJobs(List.of(), Map.of());
    public final AtomicInteger listings = new AtomicInteger();
    public volatile RuntimeException listFailure;
    private final AtomicInteger ids = new AtomicInteger();

    @Override
    public JobStatus start(String machine, ExecOptions options) {
        String refusal = refusals.get(machine);
        if (refusal != null) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, refusal);
        }
        started.add(machine + ": " + options.command());
        return running(new JobRef(machine, String.format("%012x", ids.incrementAndGet())), options.command(), "desktop:test");
    }

    @Override
    public synchronized Attachment attach(JobRef job, ExecListener listener) {
        Follow follow = new Follow(job, listener);
        follows.put(job, follow);
        return follow;
    }

    @Override
    public JobStatus cancel(JobRef job) {
        cancelled.add(job);
        JobStatus now = ended(job, "sleep 60", "desktop:test", ExecState.CANCELLED, null);
        FleetJobs before = listing;
        listing = new FleetJobs(before.jobs().stream().map(j -> j.ref().equals(job) ? now : j).toList(), before.unreachable());
        return now;
    }

    @Override
    public FleetJobs listAll() {
        listings.incrementAndGet();
        if (listFailure != null) {
            throw listFailure;
        }
        return listing;
    }

    /** The attachment of the n-th job followed. */
    public synchronized Follow follow(int n) {
        return new ArrayList<>(follows.values()).get(n);
    }

    public static JobStatus running(JobRef ref, String command, String caller) {
        return new JobStatus(ref, command, caller, ExecState.RUNNING, null, 0, T0, null, KeptStream.EMPTY, KeptStream.EMPTY, "",
                Duration.ofMinutes(10), null);
    }

    public static JobStatus ended(JobRef ref, String command, String caller, ExecState state, Integer exit) {
        return new JobStatus(ref, command, caller, state, exit, 0, T0, T0.plusMillis(1500), KeptStream.EMPTY, KeptStream.EMPTY, "",
                Duration.ofMinutes(10), null);
    }

    /** One attachment: the test sends output and gaps, then ends it. */
    public static final class Follow implements Attachment {
        private final JobRef job;
        public final ExecListener listener;
        public final CompletableFuture<JobStatus> ended = new CompletableFuture<>();
        public volatile boolean detached;

        Follow(JobRef job, ExecListener listener) {
            this.job = job;
            this.listener = listener;
        }

        public void out(String text) {
            listener.onOutput(job.machine(), ExecListener.OutputKind.STDOUT, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public void err(String text) {
            listener.onOutput(job.machine(), ExecListener.OutputKind.STDERR, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public void end(ExecState state, Integer exit) {
            ended.complete(FakeJobs.ended(job, "cmd", "desktop:test", state, exit));
        }

        @Override
        public JobRef job() {
            return job;
        }

        @Override
        public CompletableFuture<JobStatus> ended() {
            return ended;
        }

        @Override
        public void detach() {
            detached = true;
        }
    }
}
