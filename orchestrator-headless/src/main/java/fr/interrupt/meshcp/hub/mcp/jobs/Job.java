package fr.interrupt.meshcp.hub.mcp.jobs;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningExec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command started through MCP: its output (bounded), its outcome, and the handle that cancels
 * it. Output arrives on a gRPC thread; everything here is safe to read from any thread.
 */
public final class Job {
    private final String id;
    private final String machine;
    private final String command;
    private final Instant startedAt;
    private final Clock clock;
    private final StreamBuffer stdout;
    private final StreamBuffer stderr;
    private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
    private volatile RunningExec running;
    private volatile Instant finishedAt;

    Job(String id, String machine, String command, Clock clock, int headBytes, int tailBytes) {
        this.id = id;
        this.machine = machine;
        this.command = command;
        this.clock = clock;
        this.startedAt = clock.instant();
        this.stdout = new StreamBuffer(headBytes, tailBytes);
        this.stderr = new StreamBuffer(headBytes, tailBytes);
    }

    /** The listener the exec service feeds. */
    ExecListener listener() {
        return (machineName, kind, chunk) -> (kind == ExecListener.OutputKind.STDERR ? stderr : stdout).append(chunk);
    }

    void attach(RunningExec exec) {
        this.running = exec;
        exec.outcome().whenComplete((done, failure) -> {
            finishedAt = clock.instant();
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(done);
            }
        });
    }

    public String id() {
        return id;
    }

    public String machine() {
        return machine;
    }

    public String command() {
        return command;
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Null while running. */
    public Instant finishedAt() {
        return finishedAt;
    }

    public StreamBuffer stdout() {
        return stdout;
    }

    public StreamBuffer stderr() {
        return stderr;
    }

    public StreamBuffer stream(String name) {
        return "stderr".equals(name) ? stderr : stdout;
    }

    public boolean isDone() {
        return outcome.isDone();
    }

    /** Waits up to {@code wait} for the end; true when the job has ended. */
    public boolean await(Duration wait) throws InterruptedException {
        if (wait.isZero() || wait.isNegative()) {
            return outcome.isDone();
        }
        try {
            outcome.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Asks the agent to kill the command's process tree; the outcome then says "cancelled". */
    public void cancel() {
        RunningExec exec = running;
        if (exec != null && !outcome.isDone()) {
            exec.cancel();
        }
    }

    public JobState state() {
        if (!outcome.isDone()) {
            return JobState.RUNNING;
        }
        if (outcome.isCompletedExceptionally()) {
            return JobState.FAILED;
        }
        ExecOutcome done = outcome.join();
        return done.timedOut() ? JobState.TIMED_OUT : done.cancelled() ? JobState.CANCELLED : JobState.EXITED;
    }

    /** The outcome once ended without failure; null while running or after a failure. */
    public ExecOutcome outcome() {
        return outcome.isDone() && !outcome.isCompletedExceptionally() ? outcome.join() : null;
    }

    /** Why the job failed (the service's user-ready sentence); null unless {@link JobState#FAILED}. */
    public String failure() {
        MeshcpException error = error();
        return error == null ? null : error.getMessage();
    }

    /** The failure as the service reported it; null unless {@link JobState#FAILED}. */
    public MeshcpException error() {
        if (!outcome.isCompletedExceptionally()) {
            return null;
        }
        try {
            outcome.join();
            return null;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return cause instanceof MeshcpException m ? m
                    : new MeshcpException(MeshcpException.Kind.UNREACHABLE, "unexpected failure: " + cause, cause);
        }
    }

    /** Time since start, or the whole run once ended. */
    public Duration elapsed() {
        ExecOutcome done = outcome();
        if (done != null && !done.duration().isZero()) {
            return done.duration();
        }
        Instant end = finishedAt == null ? clock.instant() : finishedAt;
        return Duration.between(startedAt, end);
    }

    /** Kept bytes of both streams, for the registry's memory bound. */
    long keptBytes() {
        return kept(stdout) + kept(stderr);
    }

    private static long kept(StreamBuffer b) {
        return b.headEnd() + (b.total() - b.tailStart());
    }
}
