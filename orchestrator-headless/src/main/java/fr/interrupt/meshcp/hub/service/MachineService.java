package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import java.time.Clock;
import io.grpc.ConnectivityState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Machines as every face shows them: list, ping, live status, remove. */
public final class MachineService {
    public static final Duration PING_DEADLINE = Duration.ofSeconds(5);

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;
    private final Clock clock;
    private final Executor fanOut;

    public MachineService(MachineRegistry registry, AgentChannels channels, AuditLog audit, Clock clock, Executor fanOut) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.clock = clock;
        this.fanOut = fanOut;
    }

    public List<Machine> list() {
        return registry.list();
    }

    public Machine require(String name) {
        return registry.require(name);
    }

    public PingResult ping(String name) {
        return ping(registry.require(name));
    }

    /**
     * One Ping RPC. When no connection was open yet, the first call pays for TCP and the TLS
     * handshake; a second call then measures the round trip itself, as people expect of "ping".
     */
    public PingResult ping(Machine machine) {
        try {
            boolean cold = channels.channel(machine).getState(false) != ConnectivityState.READY;
            Timed reply = pingOnce(machine);
            if (cold) {
                reply = pingOnce(machine);
            }
            PingResponse response = reply.response();
            Instant now = clock.instant();
            registry.markSeen(machine.name(), now, response.getAgentVersion());
            return new PingResult(machine.seen(now, response.getAgentVersion()), reply.roundTrip(),
                    response.getAgentVersion(), response.getUptimeSeconds());
        } catch (RuntimeException e) {
            if (e instanceof MeshcpException m) {
                throw m;
            }
            throw AgentErrors.translate(e, machine);
        }
    }

    private record Timed(PingResponse response, Duration roundTrip) {
    }

    private Timed pingOnce(Machine machine) {
        long start = System.nanoTime();
        PingResponse response = channels.blocking(machine)
                .withDeadlineAfter(PING_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                .ping(PingRequest.getDefaultInstance());
        return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Pings every machine at once; the whole call takes at most about one ping deadline. */
    public List<MachineStatus> statuses() {
        List<Machine> machines = registry.list();
        List<CompletableFuture<MachineStatus>> pending = new ArrayList<>();
        for (Machine machine : machines) {
            pending.add(CompletableFuture.supplyAsync(() -> status(machine), fanOut));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    public MachineStatus status(Machine machine) {
        try {
            return MachineStatus.online(ping(machine));
        } catch (MeshcpException e) {
            return MachineStatus.offline(registry.find(machine.name()).orElse(machine), e.getMessage());
        }
    }

    /** Removes the machine from the registry and revokes its certificate. */
    public Machine remove(String name) {
        Machine removed = registry.remove(name, clock.instant());
        channels.forget(name);
        audit.record("remove", name, Map.of("serial", removed.certificateSerial()));
        return removed;
    }
}
