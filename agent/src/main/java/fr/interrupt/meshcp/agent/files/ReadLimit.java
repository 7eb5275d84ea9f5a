package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.nio.file.Path;

/**
 * max_file_size_mb applied to reads, as it is to writes: one read delivers at most that many bytes. A read of a
 * whole file (or of a range) larger than the limit is refused before anything is sent; a range up to the limit
 * is served from any offset, so a large file can still be read piece by piece. A file that grows past the limit
 * while it is read is stopped at the limit with a refusal, so a growing log is never streamed without end.
 */
final class ReadLimit {
    private final long maxBytes;
    private final int maxMb;

    ReadLimit(FilesConfig config) {
        this.maxBytes = config.maxFileSizeBytes();
        this.maxMb = config.maxFileSizeMb();
    }

    /** The most bytes one read delivers (max_file_size_mb in bytes, MiB of 1,048,576 bytes). */
    long maxBytes() {
        return maxBytes;
    }

    /**
     * Refuses a read whose bytes, as the file is now, would exceed the limit.
     *
     * @param size   the file's size in bytes at open
     * @param offset first byte asked for
     * @param length bytes asked for; 0 means to the end of the file
     * @throws Refusal RESOURCE_EXHAUSTED "refusing to read /var/log/big: it is 4.8 MiB, over max_file_size_mb (1 MiB):
     *                 read it in ranges of at most 1 MiB, from an offset"
     */
    void checkAtOpen(Path requested, long size, long offset, long length) {
        long toEnd = Math.max(0, size - offset);
        long wanted = length == 0 ? toEnd : Math.min(length, toEnd);
        if (wanted <= maxBytes) {
            return;
        }
        String what = offset == 0 && length == 0 ? "it is " + ByteSizes.format(size)
                : "the range asked is " + ByteSizes.format(wanted);
        throw Refusal.exhausted("refusing to read " + requested + ": " + what + ", over max_file_size_mb (" + maxMb + " MiB): "
                + "read it in ranges of at most " + maxMb + " MiB, from an offset");
    }

    /** The refusal for a file that grew past the limit while it was read; what was sent stops at the limit. */
    Refusal grewPast(String path) {
        return Refusal.exhausted(path + " grew past max_file_size_mb (" + maxMb + " MiB) while it was read: the read stopped after "
                + maxMb + " MiB");
    }
}
