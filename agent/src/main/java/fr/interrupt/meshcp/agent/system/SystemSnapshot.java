package fr.interrupt.meshcp.agent.system;

import java.util.List;

/** A point-in-time view of the machine, as GetSystemStatus reports it. */
public record SystemSnapshot(
        String hostname,
        String os,
        String kernel,
        String arch,
        long uptimeSeconds,
        Cpu cpu,
        Memory memory,
        List<Disk> disks,
        List<Nic> network) {

    public record Cpu(String model, int physicalCores, int logicalCores, List<Double> loadAverage, double usagePercent) {
    }

    public record Memory(long totalBytes, long availableBytes, long swapTotalBytes, long swapUsedBytes) {
    }

    /**
     * One mounted file system in bytes, as {@code df} counts it (statvfs): {@code totalBytes} f_blocks, {@code usedBytes}
     * f_blocks - f_bfree, {@code availableBytes} f_bavail (what an unprivileged user may still write), each times f_frsize.
     * Blocks reserved for root count as neither used nor available.
     */
    public record Disk(String mount, String type, long totalBytes, long usedBytes, long availableBytes) {
    }

    public record Nic(String name, List<String> addresses) {
    }
}
