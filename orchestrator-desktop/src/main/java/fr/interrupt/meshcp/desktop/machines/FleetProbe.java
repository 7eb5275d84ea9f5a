package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Takes a picture of the fleet through the hub's services: every machine pinged at once
 * ({@code MachineService.statuses()}), then the system status of those online, in parallel.
 * Blocking: a few seconds at most (the services' deadlines). Never call it on the FX thread.
 */
public final class FleetProbe {
    private final Hub hub;
    private final Executor fanOut;

    public FleetProbe(Hub hub, Executor fanOut) {
        this.hub = hub;
        this.fanOut = fanOut;
    }

    public List<MachineSnapshot> take() {
        List<MachineStatus> statuses = hub.machines().statuses();
        List<CompletableFuture<MachineSnapshot>> pending = new ArrayList<>();
        for (MachineStatus status : statuses) {
            if (!status.online()) {
                pending.add(CompletableFuture.completedFuture(new MachineSnapshot(status.machine(), false, null,
                        status.agentVersion(), status.problem(), null)));
            } else {
                pending.add(CompletableFuture.supplyAsync(() -> new MachineSnapshot(status.machine(), true, status.roundTrip(),
                        status.agentVersion(), null, systemStatus(status.machine())), fanOut));
            }
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }

    /** The registry as it is now, without contacting any machine (a file read). */
    public List<Machine> machines() {
        return hub.machines().list();
    }

    /** Changes whenever any process (this one, the CLI, `serve`) writes the registry. */
    public long registryVersion() {
        return hub.registry().lastModifiedMillis();
    }

    private SystemStatus systemStatus(Machine machine) {
        try {
            return hub.status().status(machine.name());
        } catch (MeshcpException e) {
            return null; // online but no system capability, or it failed since the ping: the row keeps the ping's data
        }
    }
}
