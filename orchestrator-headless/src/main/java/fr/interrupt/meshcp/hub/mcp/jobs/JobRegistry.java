package fr.interrupt.meshcp.hub.mcp.jobs;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.RunningExec;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands this MCP session started, so a command that outlives one tool call keeps running
 * and can be read, waited on and cancelled later. Memory stays bounded: each stream keeps a head
 * and a tail ({@link Limits}), finished jobs expire, and the number of jobs is capped.
 */
public final class JobRegistry implements AutoCloseable {

    /** Starts a command; {@code ExecService::start} in production. */
    @FunctionalInterface
    public interface Starter {
        RunningExec start(String machine, ExecOptions options, ExecListener listener);
    }

    /**
     * {@code headBytes} + {@code tailBytes} kept per stream (stdout and stderr each); finished jobs
     * kept {@code finishedTtl}, at most {@code maxFinished} of them; at most {@code maxRunning} at once.
     */
    public record Limits(int headBytes, int tailBytes, Duration finishedTtl, int maxFinished, int maxRunning) {
        /**
         * 1 MiB head + 1 MiB tail per stream (4 MiB per job at most, so 82 jobs hold at most about 330 MiB),
         * 30 min, 50 finished, 32 running. A result shows at most 40 KB; the rest is read by offset.
         */
        public static final Limits DEFAULT = new Limits(1 << 20, 1 << 20, Duration.ofMinutes(30), 50, 32);
    }

    private final Starter starter;
    private final Clock clock;
    private final Limits limits;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Job> jobs = new LinkedHashMap<>();

    public JobRegistry(Starter starter, Clock clock, Limits limits) {
        this.starter = starter;
        this.clock = clock;
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Starts {@code options.command()} on {@code machine} as a new job; throws what the service throws (unknown machine...). */
    public Job start(String machine, ExecOptions options) {
        Job job;
        synchronized (this) {
            expire();
            long running = jobs.values().stream().filter(j -> !j.isDone()).count();
            if (running >= limits.maxRunning()) {
                throw new MeshcpException(MeshcpException.Kind.REFUSED, "too many running jobs (" + running
                        + "): wait for some with job_wait or stop them with job_cancel (see list_jobs)");
            }
            job = new Job(newId(), machine, options.command(), clock, limits.headBytes(), limits.tailBytes());
            jobs.put(job.id(), job);
        }
        try {
            job.attach(starter.start(machine, options, job.listener()));
            return job;
        } catch (RuntimeException e) {
            forget(job);
            throw e;
        }
    }

    public synchronized Optional<Job> find(String id) {
        expire();
        return Optional.ofNullable(jobs.get(id));
    }

    /** The job, or the exact reason it is not there. */
    public synchronized Job require(String id) {
        return find(id).orElseThrow(() -> new MeshcpException(MeshcpException.Kind.NOT_FOUND, "unknown job \"" + id
                + "\": jobs live only as long as this MCP server, and finished ones are kept "
                + limits.finishedTtl().toMinutes() + " minutes" + (jobs.isEmpty() ? " (no job now)"
                : " (current jobs: " + String.join(", ", jobs.keySet()) + ")")));
    }

    /** Newest first. */
    public synchronized List<Job> list() {
        expire();
        List<Job> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparing(Job::startedAt).reversed());
        return all;
    }

    /** Drops a job whose whole output was already returned. */
    public synchronized void forget(Job job) {
        jobs.remove(job.id());
    }

    /** Cancels every running job (the MCP session is ending, nobody could read them any more). */
    public List<Job> cancelAll() {
        List<Job> running;
        synchronized (this) {
            running = jobs.values().stream().filter(j -> !j.isDone()).toList();
        }
        running.forEach(Job::cancel);
        return running;
    }

    @Override
    public void close() {
        cancelAll();
    }

    private void expire() {
        Instant now = clock.instant();
        jobs.values().removeIf(j -> j.finishedAt() != null && j.finishedAt().plus(limits.finishedTtl()).isBefore(now));
        List<Job> finished = jobs.values().stream().filter(Job::isDone)
                .sorted(Comparator.comparing(Job::finishedAt)).toList();
        for (int i = 0; i < finished.size() - limits.maxFinished(); i++) {
            jobs.remove(finished.get(i).id());
        }
    }

    private String newId() {
        byte[] bytes = new byte[4];
        String id;
        do {
            random.nextBytes(bytes);
            id = "job-" + HexFormat.of().formatHex(bytes);
        } while (jobs.containsKey(id));
        return id;
    }
}
