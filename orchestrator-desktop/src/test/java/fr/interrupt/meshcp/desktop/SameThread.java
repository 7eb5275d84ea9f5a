package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs everything at once on the calling thread: view-model tests see every effect when a command returns. */
public final class SameThread extends AbstractExecutorService {
    private volatile boolean shutdown;

    public static Dispatch dispatch() {
        return new Dispatch(new SameThread(), Runnable::run);
    }

    @Override
    public void execute(Runnable command) {
        command.run();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
