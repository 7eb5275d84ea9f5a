package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import java.util.List;

/**
 * The machine table's view of the fleet, through the hub's machine service only: the snapshot (every machine
 * pinged, then the system status of those online, bounded and within one deadline), the registry as it is, and
 * its version. Blocking: never call it on the FX thread.
 */
public final class FleetProbe {
    private final Hub hub;

    public FleetProbe(Hub hub) {
        this.hub = hub;
    }

    /** {@code MachineService.snapshot()}: a few seconds at most. */
    public List<MachineSnapshot> take() {
        return hub.machines().snapshot();
    }

    /** The registry as it is now, without contacting any machine (a file read). */
    public List<Machine> machines() {
        return hub.machines().list();
    }

    /** Changes whenever any process (this one, the CLI, `serve`) writes the registry. */
    public long registryVersion() {
        return hub.machines().registryVersion();
    }
}
