package fr.interrupt.meshcp.agent.shell;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command the agent runs and keeps: its process, what it keeps of each stream, and how it ended.
 * The job ends when its main process exits (not when its output pipes close); a kill (timeout, cancel) reaches the
 * whole tree, but only while the main process still runs. Thread-safe.
 *
 * <p>Exit status: Java reports a process ended by signal N as 128+N, the same as a shell reports it; the status is kept
 * as the exit code (as ssh reports it), and a status from 129 to 159 also names signal 1 to 31 as a hint (a command that
 * calls {@code exit 130} carries signal 2 too: the two cannot be told apart).
 */
public final class Job {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private enum KillReason { TIMEOUT, CANCELLED }

    private final String id;
    private final long sequence;
    private final String command;
    private final String caller;
    private final String workingDirectory;
    private final long timeoutSeconds;
    private final long startedMillis;
    private final Clock clock;
    private final Process process;
    private final ProcessTree tree;
    private final KeptStream[] streams;
    private final CompletableFuture<JobSnapshot> finished = new CompletableFuture<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile LiveSink live;
    private volatile Consumer<JobSnapshot> onEnd;

    // Guarded by this.
    private boolean cancelOnDisconnect;
    private JobState state = JobState.RUNNING;
    private JobState endState;
    private int exitCode = -1;
    private int signal;
    private long exitMillis;
    private long endedMillis;
    private String failure = "";
    private KillReason killReason;
    private boolean mainExited;
    private ScheduledFuture<?> timeoutTask;

    Job(String id, long sequence, ExecSpec spec, String workingDirectory, long timeoutSeconds, Clock clock, Process process,
            ProcessTree tree, int headBytes, int tailBytes, boolean cancelOnDisconnect) {
        this.id = id;
        this.sequence = sequence;
        this.command = spec.command();
        this.caller = spec.caller();
        this.workingDirectory = workingDirectory;
        this.timeoutSeconds = timeoutSeconds;
        this.clock = clock;
        this.startedMillis = clock.millis();
        this.process = process;
        this.tree = tree;
        this.streams = new KeptStream[] {new KeptStream(headBytes, tailBytes), new KeptStream(headBytes, tailBytes)};
        this.cancelOnDisconnect = cancelOnDisconnect;
    }

    /** A job whose process could not be started: already finished, FAILED_TO_START with why. */
    static Job failed(String id, long sequence, ExecSpec spec, String workingDirectory, long timeoutSeconds, Clock clock, String why) {
        Job job = new Job(id, sequence, spec, workingDirectory, timeoutSeconds, clock, null, null, 1, 1, false);
        synchronized (job) {
            job.failure = why;
            job.exitMillis = job.startedMillis;
            job.endState = JobState.FAILED_TO_START;
        }
        job.finish();
        return job;
    }

    /** 12 lowercase hex digits, unique among the agent's kept jobs. */
    public String id() {
        return id;
    }

    long sequence() {
        return sequence;
    }

    /** What the job keeps of one stream. */
    public KeptStream stream(StreamName name) {
        return streams[name.ordinal()];
    }

    /** Completes with the final snapshot once the job has ended and its output is final. */
    public CompletableFuture<JobSnapshot> finished() {
        return finished;
    }

    /** Runs listener (quickly, on the producing thread) after each piece of kept output and once the job ends. */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Stops running listener. */
    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    /** From now on, the job is cancelled when the call that asked for it goes away (reported in its info). */
    public synchronized void markCancelOnDisconnect() {
        cancelOnDisconnect = true;
    }

    /** The job's state now; RUNNING until its main process exited and its output is final. */
    public synchronized JobSnapshot snapshot() {
        return new JobSnapshot(id, command, caller, state, state == JobState.EXITED ? exitCode : -1, signal, startedMillis, endedMillis,
                streams[0].info(), streams[1].info(), workingDirectory, timeoutSeconds, failure, cancelOnDisconnect);
    }

    /** When the job ended (by its clock), 0 while it runs. */
    synchronized long endedMillis() {
        return endedMillis;
    }

    /** Kills the whole process tree if the main process still runs; the job then ends CANCELLED. No-op otherwise. */
    public void cancel() {
        kill(KillReason.CANCELLED);
    }

    void timeOut() {
        kill(KillReason.TIMEOUT);
    }

    /** Quick (a few system calls): safe on the timer thread and on gRPC's threads. */
    private synchronized void kill(KillReason reason) {
        if (process == null || mainExited || state != JobState.RUNNING || !process.isAlive()) {
            return;
        }
        if (killReason == null) {
            killReason = reason;
        }
        tree.kill(process);
    }

    /** Runs once the job has ended, before anyone waiting on {@link #finished()} hears of it. */
    void setOnEnd(Consumer<JobSnapshot> task) {
        onEnd = task;
    }

    void setLive(LiveSink sink) {
        live = sink;
    }

    synchronized void setTimeoutTask(ScheduledFuture<?> task) {
        if (mainExited) {
            task.cancel(false);
        } else {
            timeoutTask = task;
        }
    }

    /** Called by a pump thread for each piece read from a pipe. */
    void output(StreamName name, byte[] data, int length) {
        long offset = streams[name.ordinal()].append(data, length);
        if (offset < 0) {
            return;
        }
        LiveSink sink = live;
        try {
            if (sink != null) {
                sink.output(name, offset, data, length);
            }
        } catch (RuntimeException e) {
            // The pump must go on reading whatever a receiver does, or the command would block on a full pipe.
            LOG.warn("job {}: a live receiver failed: {}", id, e.toString());
        }
        notifyListeners();
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("job {}: a listener failed: {}", id, e.toString());
            }
        }
    }

    /** The main process has exited: the timeout no longer applies; the exit status is read now, published at finish. */
    void mainExited() {
        synchronized (this) {
            mainExited = true;
            exitMillis = clock.millis();
            if (timeoutTask != null) {
                timeoutTask.cancel(false);
            }
            int status = process.exitValue();
            if (killReason != null && (WINDOWS || status == SIGKILL_STATUS)) {
                endState = killReason == KillReason.TIMEOUT ? JobState.TIMED_OUT : JobState.CANCELLED;
            } else {
                // exited by itself, or before the kill landed: its own status
                endState = JobState.EXITED;
                exitCode = status;
                signal = status > 128 && status < 160 ? status - 128 : 0;
            }
        }
        LiveSink sink = live;
        if (sink != null) {
            sink.mainExited();
        }
    }

    /** Publishes the end: the kept output is frozen (pumps still reading discard what comes later). */
    void finish() {
        JobSnapshot last;
        synchronized (this) {
            if (state != JobState.RUNNING) {
                return;
            }
            streams[0].freeze();
            streams[1].freeze();
            state = endState;
            endedMillis = exitMillis;
            last = snapshot();
        }
        live = null;
        Consumer<JobSnapshot> task = onEnd;
        if (task != null) {
            try {
                task.accept(last);
            } catch (RuntimeException e) {
                LOG.warn("job {}: ending failed: {}", id, e.toString());
            }
        }
        finished.complete(last);
        notifyListeners();
    }
}
