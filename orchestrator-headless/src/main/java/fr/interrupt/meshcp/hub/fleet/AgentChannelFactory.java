package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.registry.Machine;
import io.grpc.ManagedChannel;
import java.util.concurrent.CompletableFuture;

/**
 * Opens the channel to one machine's agent. Production dials it over mutual TLS ({@link TlsChannelFactory});
 * tests hand back an in-process channel to a real agent service running in the same JVM.
 */
public interface AgentChannelFactory extends AutoCloseable {
    ManagedChannel open(Machine machine);

    /**
     * A check, cheaper than {@link #open}, that something accepts connections at the machine's address: completes
     * normally when it does or when the factory cannot tell (the default: in-process channels have no address), or
     * with the {@link java.io.IOException} saying why not (refused, no route, timed out). Never blocks.
     */
    default CompletableFuture<Void> listening(Machine machine) {
        return CompletableFuture.completedFuture(null);
    }

    /** Releases what the factory shares between its channels; the channels themselves are closed by their owner. */
    @Override
    default void close() {
    }
}
