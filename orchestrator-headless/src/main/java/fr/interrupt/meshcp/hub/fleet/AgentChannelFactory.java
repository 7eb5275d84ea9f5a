package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.registry.Machine;
import io.grpc.ManagedChannel;

/**
 * Opens the channel to one machine's agent. Production dials it over mutual TLS ({@link TlsChannelFactory});
 * tests hand back an in-process channel to a real agent service running in the same JVM.
 */
public interface AgentChannelFactory extends AutoCloseable {
    ManagedChannel open(Machine machine);

    /** Releases what the factory shares between its channels; the channels themselves are closed by their owner. */
    @Override
    default void close() {
    }
}
