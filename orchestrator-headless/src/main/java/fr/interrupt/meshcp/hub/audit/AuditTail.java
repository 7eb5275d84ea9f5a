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
            if (position == 0 && !restarted) {
                readLastFromEnd(found); // the first read of a long log: only its end, newest first, up to keep entries
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

    /**
     * Reads complete lines backwards from the file's last newline until {@code keep} entries match or the file's start,
     * then leaves {@code position} after that newline for {@link #readToEnd}: the first poll of a 50 MiB log costs the
     * lines it returns, not the whole file. A line longer than {@link #MAX_LINE_BYTES} is skipped here too.
     */
    private void readLastFromEnd(ArrayDeque<AuditEntry> found) throws IOException {
        long end = lastNewlineEnd();
        if (end <= 0) {
            return;
        }
        java.util.List<AuditEntry> newestFirst = new java.util.ArrayList<>();
        byte[] carry = new byte[0];
        boolean carryTooLong = false;
        long cursor = end;
        while (cursor > 0 && newestFirst.size() < keep) {
            int length = (int) Math.min(READ_CHUNK, cursor);
            long start = cursor - length;
            byte[] data = new byte[length + carry.length];
            readFully(data, length, start);
            System.arraycopy(carry, 0, data, length, carry.length);
            int lineEnd = data.length;
            for (int i = data.length - 1; i >= 0 && newestFirst.size() < keep; i--) {
                if (data[i] == '\n') {
                    if (carryTooLong) {
                        skipped++;
                        carryTooLong = false;
                    } else {
                        collect(data, i + 1, lineEnd, newestFirst);
                    }
                    lineEnd = i;
                }
            }
            if (newestFirst.size() >= keep) {
                break;
            }
            carry = java.util.Arrays.copyOf(data, lineEnd);
            if (carry.length > MAX_LINE_BYTES) {
                carry = new byte[0];
                carryTooLong = true;
            }
            cursor = start;
        }
        if (cursor == 0 && newestFirst.size() < keep) {
            if (carryTooLong) {
                skipped++;
            } else {
                collect(carry, 0, carry.length, newestFirst);
            }
        }
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            found.addLast(newestFirst.get(i));
        }
        position = end;
    }

    private void collect(byte[] data, int from, int to, java.util.List<AuditEntry> newestFirst) {
        if (to <= from) {
            return;
        }
        if (to - from > MAX_LINE_BYTES) {
            skipped++;
            return;
        }
        byte[] lineBytes = java.util.Arrays.copyOfRange(data, from, to);
        parser.parse(lineBytes, lineBytes.length).ifPresentOrElse(entry -> {
            if (query.matches(entry)) {
                newestFirst.add(entry);
            }
        }, () -> skipped++);
    }

    /** The offset just after the file's last newline (0 when it has none yet). */
    private long lastNewlineEnd() throws IOException {
        long cursor = channel.size();
        while (cursor > 0) {
            int length = (int) Math.min(READ_CHUNK, cursor);
            byte[] data = new byte[length];
            readFully(data, length, cursor - length);
            for (int i = length - 1; i >= 0; i--) {
                if (data[i] == '\n') {
                    return cursor - length + i + 1;
                }
            }
            cursor -= length;
        }
        return 0;
    }

    private void readFully(byte[] into, int length, long at) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(into, 0, length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                throw new IOException("audit log shrank while being read");
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
