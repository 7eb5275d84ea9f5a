package fr.interrupt.meshcp.hub.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;

/**
 * audit.log read as it grows, like {@code tail -F}: each {@link #poll} returns the complete lines appended since the
 * last one (the first poll: the whole file), parsed and filtered by the query. A line still being written waits for
 * its newline. Rotation is noticed: when the path names another file (logrotate's rename, or removal and re-creation)
 * or the file became shorter than what was read (copytruncate), the rest of the file kept open is read, then the new
 * file from its start.
 *
 * <p>Memory is bounded whatever the file holds: one poll keeps at most {@code keep} entries (the newest), and a line
 * longer than {@link #MAX_LINE_BYTES} is skipped as malformed without being held. Not thread-safe: poll from one
 * thread (the methods are synchronized for a close from another).
 */
public final class AuditTail implements AutoCloseable {
    /** Lines longer than this (UTF-8 bytes) are skipped: {@link AuditLog} writes lines under 8 KiB. */
    public static final int MAX_LINE_BYTES = 64 * 1024;
    private static final int READ_CHUNK = 64 * 1024;

    private final Path file;
    private final AuditQuery query;
    private final int keep;
    private final AuditLineParser parser = new AuditLineParser();
    private final ByteBuffer chunk = ByteBuffer.allocate(READ_CHUNK);
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLength;
    private boolean lineTooLong;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private long skipped;
    private boolean closed;

    /** What one {@link #poll} found. {@code restarted}: the file was rotated or truncated since the last poll. */
    public record Batch(List<AuditEntry> entries, boolean restarted) {
    }

    AuditTail(Path file, AuditQuery query, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1");
        }
        this.file = file;
        this.query = Objects.requireNonNull(query);
        this.keep = keep;
    }

    /**
     * The matching entries appended since the last poll, oldest first, at most {@code keep} of them (the newest).
     * A missing file is no entries yet (the hub creates audit.log with its first action).
     *
     * @throws IOException when the file exists but cannot be read (permissions)
     */
    public synchronized Batch poll() throws IOException {
        if (closed) {
            throw new IllegalStateException("closed");
        }
        ArrayDeque<AuditEntry> found = new ArrayDeque<>();
        boolean restarted = false;
        for (int attempt = 0; attempt < 2; attempt++) {
            if (channel == null && !open()) {
                break;
            }
            readToEnd(found);
            BasicFileAttributes now = attributes();
            if (now != null && Objects.equals(now.fileKey(), fileKey) && now.size() >= position) {
                break;
            }
            // rotated (another file, or none now) or truncated: what was open has been read; start on the new one
            closeChannel();
            restarted = true;
        }
        return new Batch(List.copyOf(found), restarted);
    }

    /** Lines skipped so far: not JSON objects, no valid time, or longer than {@link #MAX_LINE_BYTES}. */
    public synchronized long skippedLines() {
        return skipped;
    }

    @Override
    public synchronized void close() {
        closed = true;
        closeChannel();
    }

    private boolean open() throws IOException {
        BasicFileAttributes attributes = attributes();
        if (attributes == null) {
            return false;
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        // the key read before opening: a rotation in between reads the new file twice at worst, never misses it
        fileKey = attributes.fileKey();
        position = 0;
        lineLength = 0;
        lineTooLong = false;
        return true;
    }

    private BasicFileAttributes attributes() throws IOException {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void readToEnd(ArrayDeque<AuditEntry> found) throws IOException {
        while (true) {
            chunk.clear();
            int read = channel.read(chunk, position);
            if (read <= 0) {
                return;
            }
            position += read;
            byte[] bytes = chunk.array();
            for (int i = 0; i < read; i++) {
                accept(bytes[i], found);
            }
        }
    }

    private void accept(byte b, ArrayDeque<AuditEntry> found) {
        if (b != '\n') {
            if (lineLength < MAX_LINE_BYTES) {
                line[lineLength++] = b;
            } else {
                lineTooLong = true;
            }
            return;
        }
        if (lineTooLong) {
            skipped++;
        } else if (lineLength > 0) {
            parser.parse(line, lineLength).ifPresentOrElse(entry -> {
                if (query.matches(entry)) {
                    found.addLast(entry);
                    if (found.size() > keep) {
                        found.removeFirst();
                    }
                }
            }, () -> skipped++);
        }
        lineLength = 0;
        lineTooLong = false;
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // a read-only channel has nothing to flush
            }
            channel = null;
        }
    }
}
