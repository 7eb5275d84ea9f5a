package fr.interrupt.meshcp.hub.audit;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the hub's audit.log for people: the last entries that match a query (CLI {@code audit}), or the file as it
 * grows ({@code audit --follow}, the desktop's Activity page). Reading never takes the log's lock and never writes:
 * {@link AuditLog} appends whole lines under its lock, and a line not yet ended is left for the next read.
 */
public final class AuditReader {
    /** The most entries one read keeps (-n, the desktop's list). */
    public static final int MAX_ENTRIES = 100_000;

    private final Path file;

    public AuditReader(Path file) {
        this.file = file;
    }

    /** The file read: {@code DATA_DIR/audit.log}. */
    public Path path() {
        return file;
    }

    /** The entries a read returned, oldest first, and the malformed lines it skipped. */
    public record Page(List<AuditEntry> entries, long skippedLines) {
    }

    /**
     * The last {@code limit} entries matching {@code query}, oldest first; no file yet is no entries.
     *
     * @param limit 1 to {@link #MAX_ENTRIES}
     * @throws MeshcpException INVALID_INPUT for a limit out of range, STATE when the file cannot be read
     */
    public Page last(AuditQuery query, int limit) {
        try (AuditTail tail = tail(query, limit)) {
            return new Page(tail.poll().entries(), tail.skippedLines());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * A tail of the file: its first poll returns the last {@code keep} matching entries, each later one what was
     * appended since. Close it when done.
     *
     * @param keep 1 to {@link #MAX_ENTRIES}: the most entries one poll returns (the newest)
     * @throws MeshcpException INVALID_INPUT for {@code keep} out of range
     */
    public AuditTail tail(AuditQuery query, int keep) {
        if (keep < 1 || keep > MAX_ENTRIES) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "the number of audit entries must be 1 to "
                    + MAX_ENTRIES + ", not " + keep);
        }
        return new AuditTail(file, query, keep);
    }

    /** The STATE error for a poll that failed: names the file and the cause. */
    public MeshcpException unreadable(IOException e) {
        String cause = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : String.valueOf(e.getMessage());
        return new MeshcpException(MeshcpException.Kind.STATE, "cannot read the audit log " + file + " (" + cause + ")", e);
    }
}
