package fr.interrupt.meshcp.hub.mcp;

import java.util.ArrayList;
import java.util.List;

/**
 * One tool call's cancellation, triggered by the client's {@code notifications/cancelled} (Claude
 * Code sends it when the user interrupts): exec then kills its command, a wait stops waiting.
 */
public final class Cancellation {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean cancelled;

    public static Cancellation none() {
        return new Cancellation();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    /** Runs {@code action} on cancellation, at once if it already happened. */
    public void onCancel(Runnable action) {
        boolean now;
        synchronized (this) {
            now = cancelled;
            if (!now) {
                actions.add(action);
            }
        }
        if (now) {
            action.run();
        }
    }

    void cancel() {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }
}
