package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.Refusal;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's jobs by id: every running one, and the finished ones still kept (at most finishedKept, each for at most
 * ttlMillis after it ended; the oldest finished are dropped first). Thread-safe.
 */
public final class JobTable {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    private final Clock clock;
    private final int finishedKept;
    private final long ttlMillis;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Job> jobs = new HashMap<>();
    private final Set<String> reserved = new HashSet<>();
    /** Finished jobs in the order they finished. */
    private final Deque<Job> finished = new ArrayDeque<>();
    private long sequence;

    /** finishedKept: at most this many finished jobs; ttlMillis: each kept at most this long after it ended (by clock). */
    public JobTable(Clock clock, int finishedKept, long ttlMillis) {
        this.clock = clock;
        this.finishedKept = finishedKept;
        this.ttlMillis = ttlMillis;
    }

    /** Refuses (INVALID_ARGUMENT) anything but 12 lowercase hex digits, without echoing it. */
    public static String requireValidId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw Refusal.invalid("job_id must be 12 lowercase hexadecimal digits");
        }
        return id;
    }

    /** A fresh id (12 lowercase hex digits from SecureRandom), unique among the kept jobs, reserved until {@link #add}. */
    synchronized String newId() {
        while (true) {
            byte[] bytes = new byte[6];
            random.nextBytes(bytes);
            String id = HexFormat.of().formatHex(bytes);
            if (!jobs.containsKey(id) && reserved.add(id)) {
                return id;
            }
        }
    }

    synchronized long nextSequence() {
        return ++sequence;
    }

    synchronized void add(Job job) {
        reserved.remove(job.id());
        jobs.put(job.id(), job);
    }

    /** Moves a job to the finished ones, dropping the oldest beyond the limits. */
    synchronized void finished(Job job) {
        if (jobs.get(job.id()) == job) {
            finished.addLast(job);
            prune();
        }
    }

    /** The job with this id, or NOT_FOUND "unknown job ID". */
    public synchronized Job get(String id) {
        prune();
        Job job = jobs.get(requireValidId(id));
        if (job == null) {
            throw Refusal.notFound("unknown job ID");
        }
        return job;
    }

    /** Running jobs and the finished ones still kept, newest first. */
    public synchronized List<Job> list() {
        prune();
        return jobs.values().stream().sorted(Comparator.comparingLong(Job::sequence).reversed()).toList();
    }

    /** The jobs whose main process may still run. */
    synchronized List<Job> running() {
        return jobs.values().stream().filter(j -> !finished.contains(j)).toList();
    }

    private void prune() {
        long cutoff = clock.millis() - ttlMillis;
        while (finished.size() > finishedKept) {
            jobs.remove(finished.removeFirst().id());
        }
        finished.removeIf(job -> {
            boolean expired = job.endedMillis() < cutoff; // runs on every lookup: no snapshot of each kept job
            if (expired) {
                jobs.remove(job.id());
            }
            return expired;
        });
    }
}
