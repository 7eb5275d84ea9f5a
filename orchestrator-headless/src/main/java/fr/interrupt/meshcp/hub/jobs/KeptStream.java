package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.proto.agent.v1.StreamInfo;

/**
 * What the agent keeps of one output stream of a job: bytes {@code [0, headEnd)} and
 * {@code [tailStart, total)}; {@code [headEnd, tailStart)} was produced and dropped. Offsets are
 * absolute byte positions in everything the command wrote to the stream.
 */
public record KeptStream(long total, long headEnd, long tailStart) {
    public static final KeptStream EMPTY = new KeptStream(0, 0, 0);

    public static KeptStream of(StreamInfo info) {
        return new KeptStream(info.getTotalBytes(), info.getHeadEnd(), Math.max(info.getHeadEnd(), info.getTailStart()));
    }

    /** True when some bytes between the head and the tail were dropped. */
    public boolean hasGap() {
        return tailStart > headEnd;
    }

    /** Bytes produced but no longer kept. */
    public long dropped() {
        return tailStart - headEnd;
    }
}
