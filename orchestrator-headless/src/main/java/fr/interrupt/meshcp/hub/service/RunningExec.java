package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A command in flight. {@link #cancel()} cancels the call, and the agent kills the whole process
 * tree. The outcome completes exceptionally with a {@link fr.interrupt.meshcp.hub.MeshcpException}
 * when the machine is unreachable or refuses.
 */
public interface RunningExec {
    String machine();

    CompletableFuture<ExecOutcome> outcome();

    void cancel();

    /**
     * Waits for the outcome. Interrupting the waiting thread cancels the command and throws CANCELLED; an
     * unreachable or refusing machine throws its sentence.
     */
    default ExecOutcome await() {
        try {
            return outcome().get();
        } catch (InterruptedException e) {
            cancel();
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
        } catch (ExecutionException e) {
            throw FanOut.asMeshcp(e.getCause());
        }
    }
}
