package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A machine's system status (CPU, memory, disks, network, capabilities), as the agent reports it. */
public final class StatusService {
    private static final long DEADLINE_SECONDS = 10;

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final Clock clock;

    public StatusService(MachineRegistry registry, AgentChannels channels, Clock clock) {
        this.registry = registry;
        this.channels = channels;
        this.clock = clock;
    }

    /**
     * The agent's system status, within 10 s.
     *
     * @throws MeshcpException NOT_FOUND for an unknown name; UNREACHABLE, REFUSED... as {@link AgentErrors} says
     */
    public SystemStatus status(String machineName) {
        return status(registry.require(machineName), Duration.ofSeconds(DEADLINE_SECONDS));
    }

    /** Same, for a machine already read from the registry, with the given RPC deadline. */
    public SystemStatus status(Machine machine, Duration deadline) {
        try {
            SystemStatus status = channels.blocking(machine).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemStatus(SystemStatusRequest.getDefaultInstance());
            registry.markSeen(machine.name(), clock.instant(), status.getAgentVersion());
            return status;
        } catch (RuntimeException e) {
            throw AgentErrors.translate(e, machine);
        }
    }

    /**
     * The agent's system status without holding a thread while it answers, within {@code deadline}; the contact is
     * not recorded in the registry (the caller's ping already was). Fails with the {@link AgentErrors} sentence.
     */
    public CompletableFuture<SystemStatus> statusAsync(Machine machine, Duration deadline) {
        CompletableFuture<SystemStatus> answer;
        try {
            var stub = channels.async(machine).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
            answer = UnaryCalls.call(observer -> stub.getSystemStatus(SystemStatusRequest.getDefaultInstance(), observer));
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((status, failure) -> {
            if (failure != null) {
                throw UnaryCalls.failure(failure, machine);
            }
            return status;
        });
    }
}
