package fr.interrupt.meshcp.agent.system;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

/**
 * Collects GetSystemStatus with OSHI. The OSHI objects are made on the first call, not when the agent starts (OSHI and
 * JNA take a second of a cold start and several MiB that an agent never asked for status does not need); CPU usage
 * compares the current ticks with the previous call's snapshot (refreshed at most once a second), so a call never
 * sleeps to measure it, and the first call reports the average since boot, as top's first screen does.
 */
public final class SystemStatusCollector {
    /** File systems that are not disks a person cares about. */
    private static final Set<String> PSEUDO_TYPES = Set.of("tmpfs", "devtmpfs", "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue",
            "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "squashfs",
            "nsfs", "ramfs", "rpc_pipefs", "efivarfs", "shm", "devfs", "none");
    private static final long TICKS_REFRESH_NANOS = 1_000_000_000L;

    private final SystemConfig config;
    private Probe probe;
    private long[] previousTicks;
    private long previousTicksAt;
    private double lastUsage;

    /** What OSHI says once about this machine, and the objects to ask it the rest. */
    private record Probe(HardwareAbstractionLayer hardware, OperatingSystem os, CentralProcessor processor, String cpuModel,
            String osText, String kernel) {
        static Probe ofThisMachine() {
            SystemInfo info = new SystemInfo();
            HardwareAbstractionLayer hardware = info.getHardware();
            OperatingSystem os = info.getOperatingSystem();
            CentralProcessor processor = hardware.getProcessor();
            OperatingSystem.OSVersionInfo version = os.getVersionInfo();
            String osText = (os.getFamily() + " " + nullToEmpty(version.getVersion())
                    + (version.getCodeName() == null || version.getCodeName().isBlank() ? "" : " (" + version.getCodeName() + ")")).trim();
            return new Probe(hardware, os, processor, processor.getProcessorIdentifier().getName().trim(), osText,
                    nullToEmpty(version.getBuildNumber()));
        }
    }

    /** OSHI is only loaded when the capability is enabled, and then on the first {@link #collect()}. */
    public SystemStatusCollector(SystemConfig config) {
        this.config = config;
    }

    private synchronized Probe probe() {
        if (probe == null) {
            probe = Probe.ofThisMachine();
            previousTicks = new long[CentralProcessor.TickType.values().length];
            previousTicksAt = System.nanoTime() - TICKS_REFRESH_NANOS;
        }
        return probe;
    }

    /**
     * This machine's status now.
     *
     * @throws Refusal (a failed precondition) when the system capability is off in agent.yaml
     */
    public SystemSnapshot collect() {
        if (!config.enabled()) {
            throw Refusal.disabled("system");
        }
        Probe p = probe();
        GlobalMemory memory = p.hardware().getMemory();
        return new SystemSnapshot(
                p.os().getNetworkParams().getHostName(),
                p.osText(),
                p.kernel(),
                System.getProperty("os.arch", ""),
                p.os().getSystemUptime(),
                new SystemSnapshot.Cpu(p.cpuModel(), p.processor().getPhysicalProcessorCount(), p.processor().getLogicalProcessorCount(),
                        loadAverage(p), cpuUsagePercent(p)),
                new SystemSnapshot.Memory(memory.getTotal(), memory.getAvailable(), memory.getVirtualMemory().getSwapTotal(),
                        memory.getVirtualMemory().getSwapUsed()),
                disks(p),
                network(p));
    }

    private static List<Double> loadAverage(Probe p) {
        double[] load = p.processor().getSystemLoadAverage(3);
        List<Double> result = new ArrayList<>(3);
        for (double v : load) {
            if (v < 0) {
                return List.of();
            }
            result.add(v);
        }
        return result;
    }

    private synchronized double cpuUsagePercent(Probe p) {
        long now = System.nanoTime();
        if (now - previousTicksAt < TICKS_REFRESH_NANOS / 5) {
            return lastUsage;
        }
        double load = p.processor().getSystemCpuLoadBetweenTicks(previousTicks);
        if (!Double.isNaN(load) && load >= 0) {
            lastUsage = Math.round(load * 1000.0) / 10.0;
        }
        if (now - previousTicksAt >= TICKS_REFRESH_NANOS) {
            previousTicks = p.processor().getSystemCpuLoadTicks();
            previousTicksAt = now;
        }
        return lastUsage;
    }

    private static List<SystemSnapshot.Disk> disks(Probe p) {
        List<SystemSnapshot.Disk> disks = new ArrayList<>();
        for (OSFileStore store : p.os().getFileSystem().getFileStores(true)) {
            String type = nullToEmpty(store.getType());
            if (PSEUDO_TYPES.contains(type) || store.getTotalSpace() <= 0) {
                continue;
            }
            disks.add(disk(store, type));
        }
        return disks;
    }

    /**
     * The store's sizes as df reports them, from the JDK's statvfs (FileStore: total = f_blocks, unallocated = f_bfree,
     * usable = f_bavail, each times f_frsize); OSHI's own figures when the mount cannot be opened by this user.
     */
    private static SystemSnapshot.Disk disk(OSFileStore store, String type) {
        long total = store.getTotalSpace();
        long free = store.getFreeSpace();
        long available = store.getUsableSpace();
        try {
            FileStore jdk = Files.getFileStore(Path.of(store.getMount()));
            total = jdk.getTotalSpace();
            free = jdk.getUnallocatedSpace();
            available = jdk.getUsableSpace();
        } catch (IOException | RuntimeException e) {
            // unreadable or vanished mount: keep OSHI's figures
        }
        return new SystemSnapshot.Disk(store.getMount(), type, total, Math.max(0, total - free), available);
    }

    private static List<SystemSnapshot.Nic> network(Probe p) {
        List<SystemSnapshot.Nic> nics = new ArrayList<>();
        for (NetworkIF nic : p.hardware().getNetworkIFs(false)) {
            List<String> addresses = new ArrayList<>(Arrays.asList(nic.getIPv4addr()));
            addresses.addAll(Arrays.asList(nic.getIPv6addr()));
            if (!addresses.isEmpty()) {
                nics.add(new SystemSnapshot.Nic(nic.getName(), addresses));
            }
        }
        return nics;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
