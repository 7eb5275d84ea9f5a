package fr.interrupt.meshcp.shared;

import fr.interrupt.meshcp.proto.agent.v1.Disk;

/**
 * A file system's use in bytes, the way coreutils {@code df} reports it, so every face shows the figures a person
 * gets from {@code df -B1} on the machine: {@code sizeBytes} = f_blocks, {@code usedBytes} = f_blocks - f_bfree,
 * {@code availableBytes} = f_bavail (each times f_frsize, from statvfs(3)). Blocks reserved for root are neither used
 * nor available, which is why used + available can be less than size.
 *
 * @param sizeBytes      the file system's size
 * @param usedBytes      the bytes in use
 * @param availableBytes what an unprivileged user may still write
 */
public record DiskUse(long sizeBytes, long usedBytes, long availableBytes) {

    public DiskUse {
        if (sizeBytes < 0 || usedBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("disk sizes cannot be negative");
        }
    }

    /**
     * The use of {@code disk} as its agent reported it. An agent that predates used_bytes/available_bytes sent only
     * total and free (= f_bavail): then used is total - free, which counts the reserved blocks as used.
     */
    public static DiskUse of(Disk disk) {
        long size = disk.getTotalBytes();
        if (disk.hasUsedBytes() && disk.hasAvailableBytes()) {
            return new DiskUse(size, disk.getUsedBytes(), disk.getAvailableBytes());
        }
        long free = Math.min(size, disk.getFreeBytes());
        return new DiskUse(size, size - free, free);
    }

    /**
     * df's Use%: used / (used + available) in percent, rounded up to a whole number (coreutils df.c, so 0.1% shows as
     * 1%); 0 for an empty or sizeless file system.
     */
    public int usedPercent() {
        long denominator = usedBytes + availableBytes;
        if (denominator <= 0) {
            return 0;
        }
        return (int) Math.min(100, (usedBytes * 100 + denominator - 1) / denominator);
    }

    /** {@link #usedPercent()} as a fraction from 0 to 1, for gauges. */
    public double usedFraction() {
        return usedPercent() / 100.0;
    }
}
