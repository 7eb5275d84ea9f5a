package fr.interrupt.meshcp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory of a process from Linux's /proc: VmRSS (resident) and Pss (proportional share, shared pages split). */
final class ProcMemory {
    private ProcMemory() {
    }

    /** VmRSS of pid in MiB, or -1 when /proc does not say (not Linux, process gone). */
    static double rssMiB(long pid) {
        return mib(kibField(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:"));
    }

    /** Pss of pid in MiB from smaps_rollup, or -1 when /proc does not say. */
    static double pssMiB(long pid) {
        return mib(kibField(Path.of("/proc", String.valueOf(pid), "smaps_rollup"), "Pss:"));
    }

    private static double mib(long kib) {
        return kib < 0 ? -1 : kib / 1024.0;
    }

    /** The KiB figure of the line starting with field, or -1. */
    private static long kibField(Path file, String field) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process ended: no figure
        }
        return -1;
    }
}
