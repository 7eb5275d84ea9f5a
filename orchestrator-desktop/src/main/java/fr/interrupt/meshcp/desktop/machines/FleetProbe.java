package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import java.util.List;

/**
 * The machine table's view of the fleet: the snapshot (every machine pinged, then the system status of those
 * online, bounded and within one deadline), the registry as it is, and its version. The app's is {@link #of(Hub)},
 * through the hub's machine service only; the frame-timing benchmark feeds synthetic snapshots. Blocking: never
 * call it on the FX thread.
 */
public interface FleetProbe {
    /** The fleet as the hub's machine service sees it. */
    static FleetProbe of(Hub hub) {
        return new FleetProbe() {
            @Override
            public List<MachineSnapshot> take() {
                return hub.machines().snapshot();
            }

            @Override
            public List<Machine> machines() {
                return hub.machines().list();
            }

            @Override
            public long registryVersion() {
                return hub.machines().registryVersion();
            }
        };
    }

    /** Every machine as just checked ({@code MachineService.snapshot()}: a few seconds at most). */
    List<MachineSnapshot> take();

    /** The registry as it is now, without contacting any machine (a file read). */
    List<Machine> machines();

    /** Changes whenever any process (this one, the CLI, `serve`) writes the registry. */
    long registryVersion();
}
