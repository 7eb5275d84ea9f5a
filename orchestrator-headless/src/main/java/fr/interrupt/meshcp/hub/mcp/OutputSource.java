package fr.interrupt.meshcp.hub.mcp;

/**
 * One output stream of a job as far as a tool result needs it: what is kept ({@code [0, headEnd)} and
 * {@code [tailStart, total)}) and a way to read it. Offsets are absolute bytes of the stream.
 */
interface OutputSource {
    long total();

    long headEnd();

    long tailStart();

    /** True when bytes between the head and the tail were dropped. */
    default boolean hasGap() {
        return tailStart() > headEnd();
    }

    /** Up to {@code max} kept bytes from {@code offset}, never across the dropped range; empty inside it. */
    byte[] read(long offset, int max);
}
