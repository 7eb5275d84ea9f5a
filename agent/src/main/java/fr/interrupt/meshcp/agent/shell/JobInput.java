package fr.interrupt.meshcp.agent.shell;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input side of a job started with stdin or a terminal: bytes for its stdin, end of file, window sizes. Writes run in
 * order on a pool thread (a write blocks while the command does not read); each write's callback runs once its bytes are
 * written. Once the command has closed its stdin, bytes are dropped and callbacks no longer run, so the sender is held
 * back as a writer to a pipe without a reader would be, instead of streaming input nobody reads until the command ends.
 * Thread-safe.
 */
public final class JobInput {
    private static final Logger LOG = LoggerFactory.getLogger(JobInput.class);

    private final String jobId;
    private final OutputStream stdin;
    private final PtyProcess terminal;
    private final Executor writers;
    // Guarded by this.
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private boolean broken;

    JobInput(String jobId, OutputStream stdin, PtyProcess terminal, Executor writers) {
        this.jobId = jobId;
        this.stdin = stdin;
        this.terminal = terminal;
        this.writers = writers;
    }

    /** Whether the job runs on a pseudo-terminal (then end of input is a byte the command reads, not a close). */
    public boolean terminal() {
        return terminal != null;
    }

    /** Writes data after everything written before, then runs whenDone; never runs it once the command closed its stdin. */
    public synchronized void write(byte[] data, Runnable whenDone) {
        tail = tail.thenRunAsync(() -> {
            if (writeNow(data)) {
                whenDone.run();
            }
        }, writers);
    }

    /**
     * End of input, after everything written before: closes the command's stdin. On a terminal nothing is closed
     * (closing the terminal would hang the session up); the command ends when it reads its own end of input, as a
     * terminal user types Ctrl-D.
     */
    public synchronized void close() {
        if (terminal != null) {
            return;
        }
        tail = tail.thenRunAsync(() -> {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already closed by the command's end.
            }
        }, writers);
    }

    /** Sets the terminal's window size (the command gets SIGWINCH); ignored without a terminal or once the job ended. */
    public void resize(int rows, int columns) {
        if (terminal == null || !terminal.isAlive()) {
            return;
        }
        try {
            terminal.setWinSize(new WinSize(columns, rows));
        } catch (RuntimeException e) {
            LOG.debug("job {}: resize failed: {}", jobId, e.toString());
        }
    }

    private boolean writeNow(byte[] data) {
        synchronized (this) {
            if (broken) {
                return false;
            }
        }
        try {
            stdin.write(data);
            stdin.flush();
            return true;
        } catch (IOException e) {
            synchronized (this) {
                broken = true;
            }
            return false;
        }
    }
}
