package fr.interrupt.meshcp.hub.service;

import java.util.concurrent.CompletableFuture;

/**
 * A command in flight. {@link #cancel()} cancels the call, and the agent kills the whole process
 * tree. The outcome completes exceptionally with a {@link fr.interrupt.meshcp.hub.MeshcpException}
 * when the machine is unreachable or refuses.
 */
public interface RunningExec {
    String machine();

    CompletableFuture<ExecOutcome> outcome();

    void cancel();
}
