package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Duration;

/**
 * One machine as {@link MachineService#snapshot()} saw it: the registry entry (re-read after the ping, so
 * {@code lastSeen} is fresh), the ping outcome, and the agent's system status when it answered one.
 *
 * @param online        whether it answered the ping
 * @param roundTrip     the ping's round trip; null when offline or not yet checked
 * @param agentVersion  the version it reported, or the last known one
 * @param problem       why it is offline (a sentence); null when online or not yet checked
 * @param system        its system status; null when offline or when {@code systemProblem} says why not
 * @param systemProblem why an online machine has no system status (a sentence); null otherwise
 */
public record MachineSnapshot(Machine machine, boolean online, Duration roundTrip, String agentVersion, String problem,
                              SystemStatus system, String systemProblem) {

    /** A machine just read from the registry, not yet pinged. */
    public static MachineSnapshot unchecked(Machine machine) {
        return new MachineSnapshot(machine, false, null, machine.agentVersion(), null, null, null);
    }

    static MachineSnapshot offline(MachineStatus status) {
        return new MachineSnapshot(status.machine(), false, null, status.agentVersion(), status.problem(), null, null);
    }

    static MachineSnapshot online(MachineStatus status, Machine fresh, SystemStatus system, String systemProblem) {
        return new MachineSnapshot(fresh, true, status.roundTrip(), status.agentVersion(), null, system, systemProblem);
    }

    /** Whether a ping has been tried (online, or offline with a reason). */
    public boolean checked() {
        return online || problem != null;
    }
}
