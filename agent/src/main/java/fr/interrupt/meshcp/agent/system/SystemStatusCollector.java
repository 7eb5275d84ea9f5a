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
 * Collects GetSystemStatus with OSHI. The OSHI objects are made once; CPU usage compares the current ticks with
 * the previous call's snapshot (refreshed at most once a second), so a call never sleeps to measure it.
 */
public final class SystemStatusCollector {
    /** File systems that are not disks a person cares about. */
    private static final Set<String> PSEUDO_TYPES = Set.of("tmpfs", "devtmpfs", "proc", "sysfs", "cgroup", "cgroup2", "devpts", "mqueue",
            "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl", "hugetlbfs", "autofs", "binfmt_misc", "squashfs",
            "nsfs", "ramfs", "rpc_pipefs", "efivarfs", "shm", "devfs", "none");
    private static final long TICKS_REFRESH_NANOS = 1_000_000_000L;

    private final SystemConfig config;
    private final CentralProcessor processor;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final String cpuModel;
    private final String osText;
    private final String kernel;
    private long[] previousTicks;
    private long previousTicksAt;
    private double lastUsage;

    /** OSHI is only loaded when the capability is enabled. */
    public SystemStatusCollector(SystemConfig config) {
        this.config = config;
        if (!config.enabled()) {
            this.hardware = null;
            this.os = null;
            this.processor = null;
            this.cpuModel = "";
            this.osText = "";
            this.kernel = "";
            return;
        }
        SystemInfo info = new SystemInfo();
        this.hardware = info.getHardware();
        this.os = info.getOperatingSystem();
        this.processor = hardware.getProcessor();
        this.cpuModel = processor.getProcessorIdentifier().getName().trim();
        OperatingSystem.OSVersionInfo version = os.getVersionInfo();
        this.osText = (os.getFamily() + " " + nullToEmpty(version.getVersion())
                + (version.getCodeName() == null || version.getCodeName().isBlank() ? "" : " (" + version.getCodeName() + ")")).trim();
        this.kernel = nullToEmpty(version.getBuildNumber());
        this.previousTicks = processor.getSystemCpuLoadTicks();
        this.previousTicksAt = System.nanoTime();
    }

    public SystemSnapshot collect() {
        if (!config.enabled()) {
            throw Refusal.disabled("system");
        }
        GlobalMemory memory = hardware.getMemory();
        return new SystemSnapshot(
                os.getNetworkParams().getHostName(),
                osText,
                kernel,
                System.getProperty("os.arch", ""),
                os.getSystemUptime(),
                new SystemSnapshot.Cpu(cpuModel, processor.getPhysicalProcessorCount(), processor.getLogicalProcessorCount(),
                        loadAverage(), cpuUsagePercent()),
                new SystemSnapshot.Memory(memory.getTotal(), memory.getAvailable(), memory.getVirtualMemory().getSwapTotal(),
                        memory.getVirtualMemory().getSwapUsed()),
                disks(),
                network());
    }

    private List<Double> loadAverage() {
        double[] load = processor.getSystemLoadAverage(3);
        List<Double> result = new ArrayList<>(3);
        for (double v : load) {
            if (v < 0) {
                return List.of();
            }
            result.add(v);
        }
        return result;
    }

    private synchronized double cpuUsagePercent() {
        long now = System.nanoTime();
        if (now - previousTicksAt < TICKS_REFRESH_NANOS / 5) {
            return lastUsage;
        }
        double load = processor.getSystemCpuLoadBetweenTicks(previousTicks);
        if (!Double.isNaN(load) && load >= 0) {
            lastUsage = Math.round(load * 1000.0) / 10.0;
        }
        if (now - previousTicksAt >= TICKS_REFRESH_NANOS) {
            previousTicks = processor.getSystemCpuLoadTicks();
            previousTicksAt = now;
        }
        return lastUsage;
    }

    private List<SystemSnapshot.Disk> disks() {
        List<SystemSnapshot.Disk> disks = new ArrayList<>();
        for (OSFileStore store : os.getFileSystem().getFileStores(true)) {
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

    private List<SystemSnapshot.Nic> network() {
        List<SystemSnapshot.Nic> nics = new ArrayList<>();
        for (NetworkIF nic : hardware.getNetworkIFs(false)) {
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
