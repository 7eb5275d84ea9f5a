package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per machine, reused across calls, opened by a {@link AgentChannelFactory}: mTLS over
 * TCP in production ({@link TlsChannelFactory}), in-process in tests.
 */
public final class AgentChannels implements AutoCloseable {
    private final AgentChannelFactory factory;
    private final Map<String, Entry> channels = new ConcurrentHashMap<>();

    private record Entry(Machine machine, ManagedChannel channel) {
        boolean dials(Machine m) {
            return machine.host().equals(m.host()) && machine.port() == m.port()
                    && machine.certificateSerial().equals(m.certificateSerial());
        }
    }

    public AgentChannels(AgentChannelFactory factory) {
        this.factory = factory;
    }

    public AgentServiceGrpc.AgentServiceBlockingStub blocking(Machine machine) {
        return AgentServiceGrpc.newBlockingStub(channel(machine));
    }

    public AgentServiceGrpc.AgentServiceStub async(Machine machine) {
        return AgentServiceGrpc.newStub(channel(machine));
    }

    public ManagedChannel channel(Machine machine) {
        Entry entry = channels.compute(machine.name(), (name, existing) -> {
            // a channel in reconnect backoff would keep failing fast long after the agent is back
            if (existing != null && existing.dials(machine) && !existing.channel.isShutdown()
                    && existing.channel.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
                return existing;
            }
            if (existing != null) {
                existing.channel.shutdown();
            }
            return new Entry(machine, factory.open(machine));
        });
        return entry.channel();
    }

    /** Whether the machine has a channel connected now; never opens one to find out. */
    public boolean connected(Machine machine) {
        Entry entry = channels.get(machine.name());
        return entry != null && entry.dials(machine) && !entry.channel.isShutdown()
                && entry.channel.getState(false) == ConnectivityState.READY;
    }

    /**
     * Whether something accepts TCP connections at the machine's address ({@link AgentChannelFactory#listening}),
     * checked without opening a channel, so that a fleet poll spends a socket, not a channel, on each offline machine.
     * Fails as a channel would: a {@link io.grpc.StatusRuntimeException} UNAVAILABLE whose cause is the connection's
     * {@link IOException}, so {@code AgentErrors} words it the same way.
     */
    public CompletableFuture<Void> listening(Machine machine) {
        return factory.listening(machine).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            throw Status.UNAVAILABLE.withDescription(cause.getMessage()).withCause(cause).asRuntimeException();
        });
    }

    /**
     * The next call to name opens a new connection; calls running on the current one finish on it (a graceful
     * shutdown): after a certificate renewal, so the new certificate is used without cutting anything off.
     */
    public void retire(String name) {
        Entry entry = channels.remove(name);
        if (entry != null) {
            entry.channel.shutdown();
        }
    }

    /**
     * Closes the machine's channel if it is failing to connect (TRANSIENT_FAILURE): such a channel would otherwise keep
     * redialling an offline machine in the background (gRPC's reconnect backoff) until the hub closes, which for a
     * fleet poll of thousands of offline machines costs more than the poll. The next call opens a new channel anyway.
     * A channel that is connected, connecting or idle is left alone, so calls under way are never cut.
     */
    public void releaseIfFailing(String name) {
        Entry[] released = new Entry[1];
        channels.computeIfPresent(name, (n, entry) -> {
            if (entry.channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                released[0] = entry;
                return null;
            }
            return entry;
        });
        if (released[0] != null) {
            released[0].channel.shutdownNow();
        }
    }

    /** Drops the channel of a removed or re-enrolled machine. */
    public void forget(String name) {
        Entry entry = channels.remove(name);
        if (entry != null) {
            entry.channel.shutdownNow();
        }
    }

    @Override
    public void close() {
        channels.values().forEach(e -> e.channel.shutdownNow());
        for (Entry e : channels.values()) {
            try {
                e.channel.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        channels.clear();
        factory.close();
    }
}
