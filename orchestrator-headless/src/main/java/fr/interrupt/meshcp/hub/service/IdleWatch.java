package fr.interrupt.meshcp.hub.service;

import io.grpc.Context;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Cancels a call's context when the agent sends nothing for {@code idle} while the caller waits for it: armed before
 * each wait for the next message, disarmed when one arrives, so a slow local consumer never counts as the agent's
 * silence.
 */
final class IdleWatch {
    private final Context.CancellableContext call;
    private final Duration idle;
    private final ScheduledExecutorService timers;
    private final AtomicBoolean fired = new AtomicBoolean();
    private ScheduledFuture<?> pending;

    IdleWatch(Context.CancellableContext call, Duration idle, ScheduledExecutorService timers) {
        this.call = call;
        this.idle = idle;
        this.timers = timers;
    }

    /** Before waiting for the agent's next message. */
    void waiting() {
        disarm();
        pending = timers.schedule(() -> {
            fired.set(true);
            call.cancel(null);
        }, idle.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A message arrived, or the wait is over. */
    void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** True when the agent's silence is what ended the call. */
    boolean fired() {
        return fired.get();
    }
}
