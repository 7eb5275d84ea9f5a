package fr.interrupt.meshcp.hub.service;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancellation that may come before, during or after the work it stops: each action registered with
 * {@link #onCancel} runs exactly once, at once if the signal has already fired. The one answer every face
 * uses for "cancel was asked before the command had started" (Ctrl-C or a closed stdout in the CLI,
 * {@code notifications/cancelled} in MCP, the desktop's Cancel). Thread-safe; actions run on the thread that fires.
 */
public final class CancelSignal {
    private final List<Runnable> actions = new ArrayList<>();
    private boolean fired;

    /** A signal nobody will fire (a call the client cannot cancel). */
    public static CancelSignal none() {
        return new CancelSignal();
    }

    public synchronized boolean fired() {
        return fired;
    }

    /** Runs {@code action} when the signal fires, or now if it already has. */
    public void onCancel(Runnable action) {
        synchronized (this) {
            if (!fired) {
                actions.add(action);
                return;
            }
        }
        action.run();
    }

    /** Fires the signal: runs every registered action once; later calls do nothing. */
    public void fire() {
        List<Runnable> toRun;
        synchronized (this) {
            if (fired) {
                return;
            }
            fired = true;
            toRun = new ArrayList<>(actions);
            actions.clear();
        }
        toRun.forEach(Runnable::run);
    }
}
