package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.DaemonThreads;
import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.files.PathPolicy;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.PtyProcess;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands as jobs under the shell capability's limits: a timeout that kills the whole process tree, a cap on
 * concurrent running jobs, stdin closed (unless the caller streams input: {@link #startWithInput}), and per stream the first and last KiB of output kept (see {@link KeptStream}).
 *
 * <p>A job ends when its main process exits. Then the timeout is cancelled (background children it left are not
 * killed), the pipes get at most {@value #PIPE_GRACE_MILLIS} ms to reach end of file, and the job finishes. The pump
 * threads go on reading and discarding until end of file (closing the pipes would kill a writing child with SIGPIPE).
 * Pumps run on an unbounded pool of daemon threads: lingering pumps cost an idle thread each and never block new jobs,
 * whose number is bounded by max_concurrent.
 */
public final class ShellExecutor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShellExecutor.class);
    private static final int READ_BUFFER = 32 * 1024;
    /** How long, after the main process exits, to wait for its pipes to reach end of file before finishing the job. */
    static final long PIPE_GRACE_MILLIS = 500;
    private static final int LOGGED_COMMAND_CHARS = 200;
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final ShellConfig config;
    private final CommandPolicy policy;
    private final PathPolicy paths;
    private final ProcessTree tree;
    private final Clock clock;
    private final Semaphore permits;
    private final ExecutorService pumps;
    private final ScheduledThreadPoolExecutor timer;
    private final JobTable jobs;
    private final File nullDevice;

    public ShellExecutor(ShellConfig config, CommandPolicy policy, PathPolicy paths, ProcessTree tree, Clock clock) {
        this.config = config;
        this.policy = policy;
        this.paths = paths;
        this.tree = tree;
        this.clock = clock;
        this.permits = new Semaphore(config.maxConcurrent());
        this.pumps = Executors.newCachedThreadPool(new DaemonThreads("exec-output"));
        this.timer = new ScheduledThreadPoolExecutor(1, new DaemonThreads("exec-timer"));
        this.timer.setRemoveOnCancelPolicy(true);
        this.jobs = new JobTable(clock, config.finishedJobsKept(), TimeUnit.MINUTES.toMillis(config.finishedJobTtlMinutes()));
        this.nullDevice = new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The running jobs and the finished ones still kept. */
    public JobTable jobs() {
        return jobs;
    }

    /**
     * Starts the command as a job, or refuses it before anything runs (shell disabled, command, environment, working
     * directory, too many running). A process that cannot be started gives a finished FAILED_TO_START job.
     * With a live sink (Exec), the job is cancelled when its caller goes away; without one it runs on its own.
     */
    public Job start(ExecSpec spec, LiveSink live) {
        return launch(spec, live, false, null).job();
    }

    /**
     * Starts a job that reads input: with stdin, its stdin is a pipe fed through the returned {@link JobInput}; with a
     * terminal, the command runs on a pseudo-terminal of that size (stdout and stderr become one stream, kept as stdout).
     * An empty command with a terminal is the login shell of the agent's user ({@link CommandPolicy#loginShell()}).
     * Refusals are those of {@link #start}; a terminal is refused on Windows.
     */
    public Started startWithInput(ExecSpec spec, LiveSink live, boolean stdin, TerminalSpec terminal) {
        if (terminal != null && WINDOWS) {
            throw Refusal.precondition("terminals are not supported on this agent's system");
        }
        return launch(spec, live, stdin || terminal != null, terminal);
    }

    /** A job just started and, when it reads input, where that input goes (null otherwise). */
    public record Started(Job job, JobInput input) {
    }

    private Started launch(ExecSpec spec, LiveSink live, boolean stdin, TerminalSpec terminal) {
        if (!config.enabled()) {
            throw Refusal.disabled("shell");
        }
        List<String> argv = terminal != null && spec.command().isEmpty() ? policy.loginShell() : policy.argv(spec.command());
        EnvPolicy.check(spec.env(), policy.restricted());
        Path workingDirectory = spec.workingDirectory().isEmpty() ? null : paths.requireDirectory(spec.workingDirectory());
        long maxTimeout = config.maxTimeoutSeconds();
        long timeoutSeconds = spec.timeoutSeconds() <= 0 ? maxTimeout : Math.min(spec.timeoutSeconds(), maxTimeout);
        if (!permits.tryAcquire()) {
            throw Refusal.exhausted("too many commands running (max " + config.maxConcurrent() + ")");
        }
        String id = jobs.newId();
        String directory = workingDirectory != null ? workingDirectory.toString() : System.getProperty("user.dir", "");
        Process process;
        try {
            process = terminal != null ? onTerminal(argv, spec, directory, terminal) : piped(argv, spec, workingDirectory, stdin);
        } catch (IOException | RuntimeException e) {
            permits.release();
            Job failed = Job.failed(id, jobs.nextSequence(), spec, directory, timeoutSeconds, clock, "cannot start the command: " + e.getMessage());
            jobs.add(failed);
            jobs.finished(failed);
            LOG.info("job {} by {} failed to start: {}", id, show(failed.snapshot().caller()), e.getMessage());
            return new Started(failed, null);
        }
        Job job = new Job(id, jobs.nextSequence(), spec, directory, timeoutSeconds, clock, process, tree, config.jobHeadBytes(),
                config.jobTailBytes(), live != null);
        jobs.add(job);
        LOG.info("job {} started by {} (timeout {} s, in {}{}): {}", id, show(spec.caller()), timeoutSeconds, directory,
                terminal != null ? ", on a terminal" : stdin ? ", with stdin" : "",
                spec.command().isEmpty() ? "(login shell)" : loggable(spec.command()));
        JobInput input = stdin ? new JobInput(id, process.getOutputStream(), terminal != null ? (PtyProcess) process : null, pumps) : null;
        if (live != null) {
            job.setLive(live);
            live.begin(job);
        }
        job.setOnEnd(end -> ended(job, end));
        job.setTimeoutTask(timer.schedule(job::timeOut, timeoutSeconds, TimeUnit.SECONDS));
        CompletableFuture<Void> out = CompletableFuture.runAsync(() -> pump(job, StreamName.STDOUT, process.getInputStream()), pumps);
        CompletableFuture<Void> err = CompletableFuture.runAsync(() -> pump(job, StreamName.STDERR, process.getErrorStream()), pumps);
        Runnable onMainExit = () -> {
            try {
                job.mainExited();
            } finally {
                finishAfterThePipes(job, CompletableFuture.allOf(out, err));
            }
        };
        try {
            pumps.execute(() -> awaitMainExit(process, onMainExit));
        } catch (RejectedExecutionException shuttingDown) {
            process.onExit().whenComplete((p, t) -> onMainExit.run());
        }
        return new Started(job, input);
    }

    /**
     * Waits for the main process on a pooled thread, then ends the job there. {@code Process.onExit()} would do it on a
     * new thread per job wherever the common pool has one thread (two cores: CompletableFuture then starts a thread
     * per async task), a cost every exec paid at its end (issue 12).
     */
    private static void awaitMainExit(Process process, Runnable onMainExit) {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        onMainExit.run();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Process piped(List<String> argv, ExecSpec spec, Path workingDirectory, boolean stdin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(tree.isolated(argv))
                .redirectInput(stdin ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(nullDevice));
        builder.environment().putAll(spec.env());
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        return builder.start();
    }

    /** The pty child leads a session of its own already (it must, to own the terminal), so no setsid prefix. */
    private static Process onTerminal(List<String> argv, ExecSpec spec, String directory, TerminalSpec terminal) throws IOException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(spec.env());
        env.put("TERM", terminal.term());
        return new PtyProcessBuilder(argv.toArray(new String[0]))
                .setEnvironment(env)
                .setDirectory(directory)
                .setRedirectErrorStream(true)
                .setInitialRows(terminal.rows())
                .setInitialColumns(terminal.columns())
                .start();
    }

    /** Finishes the job once both pipes reached end of file, or after the grace period, whichever comes first. */
    private void finishAfterThePipes(Job job, CompletableFuture<Void> pipes) {
        CompletableFuture<Void> grace = new CompletableFuture<>();
        try {
            timer.schedule(() -> grace.complete(null), PIPE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            grace.complete(null);
        }
        pipes.exceptionally(t -> null).runAfterEither(grace, job::finish);
    }

    private void ended(Job job, JobSnapshot end) {
        permits.release();
        jobs.finished(job);
        LOG.info("job {} by {} ended {} (exit {}, signal {}) after {} ms", end.id(), show(end.caller()), end.state(), end.exitCode(),
                end.signal(), end.durationMillis());
    }

    private static void pump(Job job, StreamName name, InputStream in) {
        byte[] buffer = new byte[READ_BUFFER];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                job.output(name, buffer, n);
            }
        } catch (IOException e) {
            // The pipe was closed: nobody writes to it any more.
        }
    }

    private static String show(String caller) {
        return caller.isEmpty() ? "(no caller)" : caller;
    }

    private static String loggable(String command) {
        return Printable.of(command, LOGGED_COMMAND_CHARS);
    }

    /** Kills every running job's process tree (agent shutdown). */
    @Override
    public void close() {
        jobs.running().forEach(Job::cancel);
        timer.shutdownNow();
        pumps.shutdown();
    }
}
