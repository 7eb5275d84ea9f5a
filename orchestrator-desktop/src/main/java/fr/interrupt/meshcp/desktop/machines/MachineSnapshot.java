package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Duration;

/**
 * One machine as the last refresh saw it: the registry entry, the ping outcome, and its system
 * status when it answered one ({@code system} is null when offline or when the system capability is off).
 */
public record MachineSnapshot(Machine machine, boolean online, Duration roundTrip, String agentVersion, String problem,
                              SystemStatus system) {

    /** A machine just read from the registry, not yet pinged. */
    public static MachineSnapshot unchecked(Machine machine) {
        return new MachineSnapshot(machine, false, null, machine.agentVersion(), null, null);
    }

    public boolean checked() {
        return online || problem != null;
    }
}
