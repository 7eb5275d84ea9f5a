package fr.interrupt.meshcp.desktop.it;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.testfx.service.query.EmptyNodeQueryException;
import org.testfx.util.WaitForAsyncUtils;

/** Reads and waits on the FX thread, so tests never race the UI. */
public final class Fx {
    private Fx() {
    }

    public static <T> T get(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX read failed", e);
        }
    }

    public static void run(Runnable action) {
        get(() -> {
            action.run();
            return null;
        });
    }

    /**
     * The enroll command for a new machine {@code name}, once the app serves enrollment: the app starts its endpoint
     * off the FX thread after the window shows, and before that its URL has no port. Call from the test thread.
     */
    public static String enrollCommand(fr.interrupt.meshcp.desktop.Desktop desktop, String name) {
        waitUntil(30, "the enrollment endpoint serving",
                () -> desktop.endpointStatus().state() == fr.interrupt.meshcp.desktop.enroll.EndpointStatus.State.SERVING);
        return get(() -> desktop.hub().tokens().create(name, java.time.Duration.ofHours(1))
                .enrollCommandViaStdin(desktop.endpoint().enrollmentUrl()));
    }

    /**
     * Enrolls a real agent {@code name} with the command the app gives for it, starts it, and waits (60 s at most)
     * until the app's table shows it online. Call from the test thread.
     */
    public static void enrollOnline(fr.interrupt.meshcp.desktop.Desktop desktop, Agents agents, String name) {
        agents.enrollAndStart(name, enrollCommand(desktop, name));
        waitUntil(60, name + " online", () -> desktop.machines().row(name) != null
                && desktop.machines().row(name).reachability() == fr.interrupt.meshcp.desktop.machines.Reachability.ONLINE);
    }

    /**
     * Waits until {@code condition} (evaluated on the FX thread) holds. A node the condition looks up that is not in
     * the scene yet (a page still loading) counts as "not yet", not as a failure.
     */
    public static void waitUntil(long seconds, String what, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        EmptyNodeQueryException notThereYet = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(get(condition))) {
                    return;
                }
            } catch (AssertionError e) {
                if (!(e.getCause() instanceof ExecutionException failed) || !(failed.getCause() instanceof EmptyNodeQueryException missing)) {
                    throw e;
                }
                notThereYet = missing;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what, notThereYet);
    }
}
