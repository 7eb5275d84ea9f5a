package fr.interrupt.meshcp.hub.mcp;

import java.util.Arrays;

/**
 * One output stream of a job, bounded in memory: the first {@code headCapacity} bytes are kept,
 * then the last {@code tailCapacity} bytes in a ring; what falls between is counted, not kept.
 * Offsets are absolute byte positions in everything the command wrote to the stream. A test stand-in for
 * what an agent keeps of a job's stream.
 */
final class StreamBuffer implements OutputSource {
    private final int headCapacity;
    private final int tailCapacity;
    private byte[] head = new byte[1024];
    private int headLength;
    private byte[] ring;
    private long total;

    public StreamBuffer(int headCapacity, int tailCapacity) {
        this.headCapacity = headCapacity;
        this.tailCapacity = tailCapacity;
    }

    public synchronized void append(byte[] chunk) {
        int from = 0;
        if (headLength < headCapacity) {
            int n = Math.min(chunk.length, headCapacity - headLength);
            if (headLength + n > head.length) {
                head = Arrays.copyOf(head, Math.min(headCapacity, Math.max(head.length * 2, headLength + n)));
            }
            System.arraycopy(chunk, 0, head, headLength, n);
            headLength += n;
            total += n;
            from = n;
        }
        if (from < chunk.length) {
            if (ring == null) {
                ring = new byte[tailCapacity];
            }
            int remaining = chunk.length - from;
            if (remaining > tailCapacity) {
                total += remaining - tailCapacity;
                from = chunk.length - tailCapacity;
                remaining = tailCapacity;
            }
            while (remaining > 0) {
                int at = (int) ((total - headLength) % tailCapacity);
                int n = Math.min(remaining, tailCapacity - at);
                System.arraycopy(chunk, from, ring, at, n);
                from += n;
                remaining -= n;
                total += n;
            }
        }
    }

    /** Every byte the command wrote to this stream, kept or not. */
    public synchronized long total() {
        return total;
    }

    /** The first offset of the kept tail; equal to the head's end when nothing was dropped. */
    public synchronized long tailStart() {
        return Math.max(headLength, total - tailCapacity);
    }

    public synchronized long headEnd() {
        return headLength;
    }

    /** True when some bytes in the middle were dropped to bound memory. */
    public synchronized boolean hasGap() {
        return tailStart() > headLength;
    }

    /**
     * Up to {@code max} kept bytes from {@code offset}. An offset in the dropped middle reads
     * nothing: callers continue from {@link #tailStart()}.
     */
    public synchronized byte[] read(long offset, int max) {
        if (offset < 0 || offset >= total || max <= 0) {
            return new byte[0];
        }
        long tailStart = tailStart();
        if (offset >= headLength && offset < tailStart) {
            return new byte[0];
        }
        long end = Math.min(total, offset + max);
        if (offset < headLength && end > headLength && tailStart > headLength) {
            end = headLength;
        }
        byte[] out = new byte[(int) (end - offset)];
        int filled = 0;
        long p = offset;
        if (p < headLength) {
            int n = (int) Math.min(out.length, headLength - p);
            System.arraycopy(head, (int) p, out, 0, n);
            filled = n;
            p += n;
        }
        while (filled < out.length) {
            int at = (int) ((p - headLength) % tailCapacity);
            int n = Math.min(out.length - filled, tailCapacity - at);
            System.arraycopy(ring, at, out, filled, n);
            filled += n;
            p += n;
        }
        return out;
    }
}
