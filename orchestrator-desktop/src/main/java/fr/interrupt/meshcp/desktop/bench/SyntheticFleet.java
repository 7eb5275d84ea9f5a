package fr.interrupt.meshcp.desktop.bench;

import fr.interrupt.meshcp.desktop.machines.FleetProbe;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.Memory;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A fleet of {@code size} machines (m-00001...) that changes on every {@link #take()}: new CPU and memory use for
 * every machine, and about one in a hundred going offline or coming back. No network: it stands in for the hub's
 * machine service when the frame-timing benchmark feeds the real machines table. Deterministic for one seed.
 */
final class SyntheticFleet implements FleetProbe {
    private static final long GIB = 1L << 30;
    private final List<Machine> machines;
    private final boolean[] online;
    private final SplittableRandom random;

    SyntheticFleet(int size, long seed) {
        this.random = new SplittableRandom(seed);
        Instant enrolled = Instant.now();
        List<Machine> list = new ArrayList<>(size);
        for (int i = 1; i <= size; i++) {
            String name = name(i);
            list.add(new Machine(name, "10.0." + (i / 250) + "." + (i % 250 + 1), 7443, Integer.toHexString(i), "00".repeat(32),
                    name, "Debian GNU/Linux 12 (bookworm)", "amd64", "0.1.0", enrolled, enrolled));
        }
        this.machines = List.copyOf(list);
        this.online = new boolean[size];
        java.util.Arrays.fill(online, true);
    }

    /** The name of the i-th machine, from 1: "m-00001". */
    static String name(int i) {
        return String.format(Locale.ROOT, "m-%05d", i);
    }

    @Override
    public synchronized List<MachineSnapshot> take() {
        Instant now = Instant.now();
        List<MachineSnapshot> snapshots = new ArrayList<>(machines.size());
        for (int i = 0; i < machines.size(); i++) {
            if (random.nextInt(100) == 0) {
                online[i] = !online[i];
            }
            Machine m = machines.get(i);
            snapshots.add(online[i]
                    ? new MachineSnapshot(m, true, Duration.ofNanos(300_000 + random.nextInt(2_000_000)), m.agentVersion(), null, status(m, now), null)
                    : new MachineSnapshot(m, false, null, m.agentVersion(), "The machine did not answer.", null, null));
        }
        return snapshots;
    }

    private SystemStatus status(Machine m, Instant now) {
        long total = 16 * GIB;
        return SystemStatus.newBuilder().setHostname(m.hostname()).setOs(m.os()).setArch(m.arch())
                .setUptimeSeconds(now.getEpochSecond() - m.enrolledAt().getEpochSecond() + 86_400)
                .setCpu(Cpu.newBuilder().setUsagePercent(random.nextDouble(100)).setLogicalCores(8))
                .setMemory(Memory.newBuilder().setTotalBytes(total).setAvailableBytes(random.nextLong(total)))
                .addDisks(Disk.newBuilder().setMount("/").setTotalBytes(512 * GIB).setFreeBytes(200 * GIB))
                .build();
    }

    @Override
    public List<Machine> machines() {
        return machines;
    }

    @Override
    public long registryVersion() {
        return 1;
    }
}
