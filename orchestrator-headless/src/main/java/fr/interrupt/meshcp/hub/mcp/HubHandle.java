package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The hub, opened on a background thread while the MCP server already answers {@code initialize}.
 * A data dir that cannot be opened (unwritable, corrupt) makes every tool call fail with that
 * sentence instead of killing the server, so Claude can tell the user what to fix.
 */
public final class HubHandle implements AutoCloseable {
    private static final Duration OPEN_WAIT = Duration.ofSeconds(60);

    private final CompletableFuture<Hub> hub;

    private HubHandle(CompletableFuture<Hub> hub) {
        this.hub = hub;
    }

    /** Opens the hub on a new daemon thread. */
    public static HubHandle openInBackground(Supplier<Hub> opener) {
        CompletableFuture<Hub> future = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                future.complete(opener.get());
            } catch (Throwable t) {
                future.completeExceptionally(t);
            }
        }, "meshcp-hub-open");
        thread.setDaemon(true);
        thread.start();
        return new HubHandle(future);
    }

    public static HubHandle of(Hub hub) {
        return new HubHandle(CompletableFuture.completedFuture(hub));
    }

    /** The hub, waiting for it to open; a {@link MeshcpException} when it cannot be. */
    public Hub get() {
        try {
            return hub.get(OPEN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.STATE, "interrupted while opening the hub's data dir");
        } catch (TimeoutException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "the hub's data dir is still being opened after "
                    + OPEN_WAIT.toSeconds() + " s (is another process holding its lock?)");
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
    }

    public CompletableFuture<Hub> future() {
        return hub;
    }

    static MeshcpException failure(Throwable cause) {
        if (cause instanceof MeshcpException m) {
            return m;
        }
        String why = cause.getMessage() == null || cause.getMessage().isBlank() ? "an unexpected error (the log has the details)"
                : cause.getMessage();
        return new MeshcpException(MeshcpException.Kind.STATE, "cannot open the hub's data dir: " + why, cause);
    }

    @Override
    public void close() {
        hub.thenAccept(Hub::close);
    }
}
