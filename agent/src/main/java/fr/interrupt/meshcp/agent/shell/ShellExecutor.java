package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.DaemonThreads;
import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.files.PathPolicy;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands under the shell capability's limits: a timeout that kills the whole process tree, an output
 * cap beyond which output is counted but dropped, a cap on concurrent commands, stdin closed. Output is read
 * from both pipes as it comes and handed to the sink, which may block to slow a command down to its reader.
 */
public final class ShellExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShellExecutor.class);
    private static final int READ_BUFFER = 32 * 1024;
    /** How long to wait for the pipes to close after a kill, in case a process that escaped the tree still holds them. */
    private static final long PIPE_GRACE_MILLIS = 2000;

    private final ShellConfig config;
    private final CommandPolicy policy;
    private final PathPolicy paths;
    private final ProcessTree tree;
    private final Semaphore permits;
    private final ThreadPoolExecutor pumps;
    private final ScheduledThreadPoolExecutor timer;
    private final Set<Running> running = ConcurrentHashMap.newKeySet();
    private final File nullDevice;

    public ShellExecutor(ShellConfig config, CommandPolicy policy, PathPolicy paths, ProcessTree tree) {
        this.config = config;
        this.policy = policy;
        this.paths = paths;
        this.tree = tree;
        this.permits = new Semaphore(config.maxConcurrent());
        this.pumps = new ThreadPoolExecutor(0, 6 * config.maxConcurrent(), 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                new DaemonThreads("exec-output"));
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("exec-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.nullDevice = new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Starts the command, or refuses it before anything runs. */
    public Execution start(ExecSpec spec, OutputSink sink) {
        if (!config.enabled()) {
            throw Refusal.disabled("shell");
        }
        List<String> argv = policy.argv(spec.command());
        EnvPolicy.check(spec.env(), policy.restricted());
        Path workingDirectory = spec.workingDirectory().isEmpty() ? null : paths.requireDirectory(spec.workingDirectory());
        long maxTimeout = config.maxTimeoutSeconds();
        long timeoutSeconds = spec.timeoutSeconds() <= 0 ? maxTimeout : Math.min(spec.timeoutSeconds(), maxTimeout);
        long cap = spec.maxOutputBytes() <= 0 ? config.maxOutputBytes() : Math.min(spec.maxOutputBytes(), config.maxOutputBytes());
        if (!permits.tryAcquire()) {
            throw Refusal.exhausted("too many commands running (max " + config.maxConcurrent() + ")");
        }
        try {
            ProcessBuilder builder = new ProcessBuilder(tree.isolated(argv)).redirectInput(ProcessBuilder.Redirect.from(nullDevice));
            builder.environment().putAll(spec.env());
            if (workingDirectory != null) {
                builder.directory(workingDirectory.toFile());
            }
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw Refusal.precondition("cannot start the command: " + e.getMessage());
            }
            Running command = new Running(process, sink, cap);
            running.add(command);
            command.begin(timeoutSeconds);
            return command;
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Kills every running command (agent shutdown). */
    @Override
    public void close() {
        running.forEach(r -> r.kill(Running.Reason.CANCELLED));
        timer.shutdownNow();
        pumps.shutdown();
    }

    private final class Running implements Execution {
        enum Reason { TIMEOUT, CANCELLED }

        private final Process process;
        private final OutputSink sink;
        private final long cap;
        private final long startNanos = System.nanoTime();
        private final AtomicLong kept = new AtomicLong();
        private final AtomicLong total = new AtomicLong();
        private final AtomicBoolean truncated = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();
        private final Object sinkLock = new Object();
        private volatile Reason killReason;
        private volatile boolean exitedBeforeKill;
        private volatile long exitNanos;
        private volatile boolean receiverAlive = true;
        private volatile ScheduledFuture<?> timeoutTask;
        private volatile long killedAtNanos;
        private CompletableFuture<Void> out;
        private CompletableFuture<Void> err;

        Running(Process process, OutputSink sink, long cap) {
            this.process = process;
            this.sink = sink;
            this.cap = cap;
        }

        void begin(long timeoutSeconds) {
            try {
                out = CompletableFuture.runAsync(() -> pump(process.getInputStream(), OutputSink.Stream.STDOUT), pumps);
                err = CompletableFuture.runAsync(() -> pump(process.getErrorStream(), OutputSink.Stream.STDERR), pumps);
                pumps.execute(this::supervise);
            } catch (RejectedExecutionException e) {
                tree.kill(process);
                running.remove(this);
                throw Refusal.exhausted("too many commands still hold their output open; try again later");
            }
            timeoutTask = timer.schedule(() -> kill(Reason.TIMEOUT), timeoutSeconds, TimeUnit.SECONDS);
        }

        @Override
        public void cancel() {
            kill(Reason.CANCELLED);
        }

        /**
         * Kills the tree; quick (a few system calls), so safe on the timer thread and on gRPC's threads. Calls are
         * serialized, so a shutdown that kills everything waits for a kill already under way on another thread.
         */
        void kill(Reason reason) {
            synchronized (this) {
                if (done.get()) {
                    return;
                }
                if (killReason == null) {
                    killReason = reason;
                    exitedBeforeKill = !process.isAlive();
                    killedAtNanos = System.nanoTime();
                }
                tree.kill(process);
            }
        }

        /**
         * Waits, on a thread of its own, for the command to exit and its pipes to close, then reports. After a kill,
         * a process that escaped the tree may still hold the pipes: the outcome is reported after a grace period anyway.
         */
        private void supervise() {
            try {
                process.waitFor();
                exitNanos = System.nanoTime();
                CompletableFuture<Void> pipes = CompletableFuture.allOf(out, err);
                while (true) {
                    try {
                        pipes.get(100, TimeUnit.MILLISECONDS);
                        break;
                    } catch (TimeoutException e) {
                        long killedAt = killedAtNanos;
                        if (killedAt != 0 && System.nanoTime() - killedAt > TimeUnit.MILLISECONDS.toNanos(PIPE_GRACE_MILLIS)) {
                            LOG.warn("a killed command's output is still held open by a process outside its tree; reporting it finished");
                            break;
                        }
                    } catch (ExecutionException e) {
                        break;
                    }
                }
            } catch (InterruptedException e) {
                kill(Reason.CANCELLED);
                Thread.currentThread().interrupt();
            }
            finish();
        }

        private void pump(InputStream in, OutputSink.Stream stream) {
            byte[] buffer = new byte[READ_BUFFER];
            try (in) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total.addAndGet(n);
                    int keep = reserve(n);
                    if (keep < n) {
                        truncated.set(true);
                    }
                    if (keep > 0 && receiverAlive) {
                        synchronized (sinkLock) {
                            if (!done.get()) {
                                receiverAlive = sink.output(stream, buffer, keep);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // The pipe was closed: the command is gone.
            }
        }

        /** How many of n more bytes fit under the cap. */
        private int reserve(int n) {
            while (true) {
                long current = kept.get();
                long room = cap - current;
                if (room <= 0) {
                    return 0;
                }
                int keep = (int) Math.min(room, n);
                if (kept.compareAndSet(current, current + keep)) {
                    return keep;
                }
            }
        }

        private void finish() {
            synchronized (sinkLock) {
                if (!done.compareAndSet(false, true)) {
                    return;
                }
                ScheduledFuture<?> task = timeoutTask;
                if (task != null) {
                    task.cancel(false);
                }
                running.remove(this);
                permits.release();
                Reason reason = killReason;
                boolean killed = reason != null && !exitedBeforeKill;
                long end = exitNanos != 0 ? exitNanos : System.nanoTime();
                int exitCode = killed || process.isAlive() ? -1 : process.exitValue();
                ExecOutcome outcome = new ExecOutcome(exitCode, TimeUnit.NANOSECONDS.toMillis(end - startNanos), truncated.get(),
                        reason == Reason.TIMEOUT, reason == Reason.CANCELLED, total.get());
                try {
                    sink.finished(outcome);
                } catch (RuntimeException e) {
                    LOG.warn("could not deliver a command's outcome: {}", e.toString());
                }
            }
        }
    }
}
