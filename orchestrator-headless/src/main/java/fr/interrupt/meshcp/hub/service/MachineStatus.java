package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.registry.Machine;
import java.time.Duration;

/** A machine with the outcome of a fresh ping: online with its latency, or offline with the reason. */
public record MachineStatus(Machine machine, boolean online, Duration roundTrip, String agentVersion, String problem) {

    public static MachineStatus online(PingResult ping) {
        return new MachineStatus(ping.machine(), true, ping.roundTrip(), ping.agentVersion(), null);
    }

    public static MachineStatus offline(Machine machine, String problem) {
        return new MachineStatus(machine, false, null, machine.agentVersion(), problem);
    }
}
