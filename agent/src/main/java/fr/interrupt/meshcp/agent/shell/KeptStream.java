package fr.interrupt.meshcp.agent.shell;

import java.util.Arrays;

/**
 * What a job keeps of one output stream: every byte is counted, the first headCapacity bytes and the last tailCapacity
 * bytes are kept, addressed by absolute offset (the position in everything the stream produced). Memory grows with the
 * output up to headCapacity + tailCapacity bytes. Thread-safe; {@link #freeze} ends it (later output is discarded).
 */
public final class KeptStream {
    /** What is kept: bytes [0, headEnd) and [tailStart, totalBytes); [headEnd, tailStart) was dropped. */
    public record Info(long totalBytes, long headEnd, long tailStart) {
    }

    /** Kept bytes starting at offset (empty when nothing is kept there yet). */
    public record Slice(long offset, byte[] data) {
    }

    private final int headCapacity;
    private final int tailCapacity;
    private byte[] head = new byte[0];
    /** A ring indexed by (offset - headCapacity) % tailCapacity; grows until it first wraps. */
    private byte[] tail = new byte[0];
    private long total;
    private boolean frozen;

    /** Both capacities in bytes, positive. */
    public KeptStream(int headCapacity, int tailCapacity) {
        if (headCapacity <= 0 || tailCapacity <= 0) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
    }

    /** Counts and keeps length bytes; returns the offset of their first byte, or -1 once frozen (nothing recorded). */
    public synchronized long append(byte[] data, int length) {
        if (frozen) {
            return -1;
        }
        long start = total;
        int i = 0;
        if (total < headCapacity) {
            int n = (int) Math.min(length, headCapacity - total);
            head = grown(head, (int) total + n, headCapacity);
            System.arraycopy(data, 0, head, (int) total, n);
            total += n;
            i = n;
        }
        int remaining = length - i;
        if (remaining > tailCapacity) {
            // Only the last tailCapacity bytes of this write can survive it.
            i += remaining - tailCapacity;
            total += remaining - tailCapacity;
            remaining = tailCapacity;
        }
        while (remaining > 0) {
            int pos = (int) ((total - headCapacity) % tailCapacity);
            int n = Math.min(remaining, tailCapacity - pos);
            tail = grown(tail, pos + n, tailCapacity);
            System.arraycopy(data, i, tail, pos, n);
            i += n;
            total += n;
            remaining -= n;
        }
        return start;
    }

    /** Stops recording: later appends are discarded, so what is kept is final. */
    public synchronized void freeze() {
        frozen = true;
    }

    /** What is kept now (final once frozen). */
    public synchronized Info info() {
        long headEnd = Math.min(total, headCapacity);
        return new Info(total, headEnd, Math.max(headEnd, total - tailCapacity));
    }

    /**
     * At most max kept bytes from offset. An offset inside the dropped range starts at the first kept byte after it
     * (the slice's offset says where); at or past the end, the slice is empty at the requested offset.
     */
    public synchronized Slice read(long offset, int max) {
        if (offset < 0 || max < 0) {
            throw new IllegalArgumentException("offset and max must not be negative");
        }
        long headEnd = Math.min(total, headCapacity);
        if (offset < headEnd) {
            int n = (int) Math.min(max, headEnd - offset);
            return new Slice(offset, Arrays.copyOfRange(head, (int) offset, (int) offset + n));
        }
        long from = Math.max(offset, Math.max(headEnd, total - tailCapacity));
        if (from >= total) {
            return new Slice(Math.max(offset, from), new byte[0]);
        }
        int n = (int) Math.min(max, total - from);
        byte[] out = new byte[n];
        int copied = 0;
        while (copied < n) {
            int pos = (int) ((from + copied - headCapacity) % tailCapacity);
            int k = Math.min(n - copied, tailCapacity - pos);
            System.arraycopy(tail, pos, out, copied, k);
            copied += k;
        }
        return new Slice(from, out);
    }

    private static byte[] grown(byte[] array, int needed, int capacity) {
        if (needed <= array.length) {
            return array;
        }
        return Arrays.copyOf(array, (int) Math.min(capacity, Math.max(needed, Math.max(4096L, 2L * array.length))));
    }
}
