package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import java.time.Clock;
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

    public SystemStatus status(String machineName) {
        Machine machine = registry.require(machineName);
        try {
            SystemStatus status = channels.blocking(machine).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .getSystemStatus(SystemStatusRequest.getDefaultInstance());
            registry.markSeen(machineName, clock.instant(), status.getAgentVersion());
            return status;
        } catch (RuntimeException e) {
            throw AgentErrors.translate(e, machine);
        }
    }
}
