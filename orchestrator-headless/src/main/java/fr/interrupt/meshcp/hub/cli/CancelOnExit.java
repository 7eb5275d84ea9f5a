package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM while remote work runs: a shutdown hook runs the cancel action (which
 * cancels the call, and the agent kills the command's process tree), then holds the JVM's exit until
 * the command has wound down and closed the hub (at most {@link #GRACE_SECONDS}), so the
 * cancellation reaches the agent before the connection drops. Closing it removes the hook.
 */
final class CancelOnExit implements AutoCloseable {
    static final long GRACE_SECONDS = 5;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final CancelSignal signal = new CancelSignal();

    private CancelOnExit() {
        this.hook = new Thread(this::onExit, "meshcp-cancel-on-exit");
    }

    static CancelOnExit install() {
        CancelOnExit guard = new CancelOnExit();
        Runtime.getRuntime().addShutdownHook(guard.hook);
        return guard;
    }

    /** Also do this on Ctrl-C (at once if it already came). */
    void onCancel(Runnable action) {
        signal.onCancel(action);
    }

    /** True once Ctrl-C (or SIGTERM) was received. */
    boolean triggered() {
        return signal.fired();
    }

    private void onExit() {
        signal.fire();
        try {
            finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it now returns, and the JVM exits
        }
    }
}
