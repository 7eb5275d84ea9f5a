package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.files.FileOpener;
import fr.interrupt.meshcp.hub.fleet.AgentChannelFactory;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.shared.AgentVersion;
import fr.interrupt.meshcp.testsupport.TestClock;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real hub on a temp data dir whose agents are real agent services (the agent module's composition root,
 * with its real file, shell and status capabilities) served in this JVM over in-process gRPC: no sockets,
 * no certificates, so service-layer tests run in milliseconds. Everything above the transport is the
 * production code; mTLS itself is covered by the TLS tests and the integration tests.
 *
 * <pre>{@code
 * try (InProcessFleet fleet = InProcessFleet.open(dataDir)) {
 *     fleet.addAgent("web-1", capabilities);
 *     fleet.hub().files().stat("web-1", "/etc/hostname");
 * }
 * }</pre>
 */
public final class InProcessFleet implements AutoCloseable {
    private final String id = UUID.randomUUID().toString();
    private final Path dataDir;
    private final TestClock clock;
    private final Hub hub;
    private final Map<String, AgentRuntime> agents = new ConcurrentHashMap<>();

    private InProcessFleet(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.clock = new TestClock();
        this.hub = Hub.open(dataDir, "test", clock, this::channel);
    }

    /** A hub on dataDir whose channels reach this fleet's in-process agents. */
    public static InProcessFleet open(Path dataDir) {
        return new InProcessFleet(dataDir);
    }

    public Hub hub() {
        return hub;
    }

    public TestClock clock() {
        return clock;
    }

    /** Registers name in the hub's registry and starts a real agent service for it with capabilities. */
    public void addAgent(String name, Capabilities capabilities) {
        addAgent(name, capabilities, Map.of());
    }

    /** As {@link #addAgent(String, Capabilities)}, with the agent's own labels (its agent.yaml {@code labels:}). */
    public void addAgent(String name, Capabilities capabilities, Map<String, String> labels) {
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine(name, "in-process", 0, Long.toHexString(name.hashCode() & 0xffffffffL), "00".repeat(32),
                name, "Linux", "amd64", AgentVersion.current(), clock.instant(), null));
        AgentConfig config = new AgentConfig(name, new ListenAddress("127.0.0.1", 0), dataDir.resolve("agent-" + name + "-creds"), capabilities, labels);
        try {
            agents.put(name, AgentRuntime.start(config, InProcessServerBuilder.forName(serverName(name)),
                    new HostFacts(name, "Linux", "amd64"), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #addAgent(String, Capabilities)}, the agent opening the files it reads with opener (a file whose reads
     * never end, as /proc/kmsg's do).
     */
    public void addAgent(String name, Capabilities capabilities, FileOpener opener) {
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine(name, "in-process", 0, Long.toHexString(name.hashCode() & 0xffffffffL), "00".repeat(32),
                name, "Linux", "amd64", AgentVersion.current(), clock.instant(), null));
        AgentConfig config = new AgentConfig(name, new ListenAddress("127.0.0.1", 0), dataDir.resolve("agent-" + name + "-creds"), capabilities, Map.of());
        try {
            agents.put(name, AgentRuntime.start(config, InProcessServerBuilder.forName(serverName(name)),
                    new HostFacts(name, "Linux", "amd64"), Clock.systemUTC(), opener));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * As {@link #addAgent(String, Capabilities)}, the agent answering UNIMPLEMENTED to the RPC named {@code rpc} (its bare
     * name, such as "StartJobAndWait"), as an agent built before that RPC existed does.
     */
    public void addAgentWithout(String name, Capabilities capabilities, String rpc) {
        MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine(name, "in-process", 0, Long.toHexString(name.hashCode() & 0xffffffffL), "00".repeat(32),
                name, "Linux", "amd64", AgentVersion.current(), clock.instant(), null));
        AgentConfig config = new AgentConfig(name, new ListenAddress("127.0.0.1", 0), dataDir.resolve("agent-" + name + "-creds"), capabilities, Map.of());
        io.grpc.ServerInterceptor older = new io.grpc.ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, io.grpc.Metadata headers,
                                                                      io.grpc.ServerCallHandler<Q, R> next) {
                if (call.getMethodDescriptor().getBareMethodName().equals(rpc)) {
                    call.close(io.grpc.Status.UNIMPLEMENTED.withDescription("Method not found: " + rpc), new io.grpc.Metadata());
                    return new io.grpc.ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
        try {
            agents.put(name, AgentRuntime.start(config, InProcessServerBuilder.forName(serverName(name)).intercept(older),
                    new HostFacts(name, "Linux", "amd64"), Clock.systemUTC()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens channels to this fleet's agents, for a service built outside the hub (other deadlines, say). */
    public AgentChannelFactory channelFactory() {
        return this::channel;
    }

    /** Stops name's agent, as if its machine went away; it stays registered. */
    public void stopAgent(String name) {
        AgentRuntime agent = agents.remove(name);
        if (agent != null) {
            agent.close();
        }
    }

    private ManagedChannel channel(Machine machine) {
        return InProcessChannelBuilder.forName(serverName(machine.name())).build();
    }

    private String serverName(String machine) {
        return "meshcp-agent-" + machine + "-" + id;
    }

    @Override
    public void close() {
        hub.close();
        agents.values().forEach(AgentRuntime::close);
        agents.clear();
    }
}
