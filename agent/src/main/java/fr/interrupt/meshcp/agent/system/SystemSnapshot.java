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

    public record Disk(String mount, String type, long totalBytes, long freeBytes) {
    }

    public record Nic(String name, List<String> addresses) {
    }
}
