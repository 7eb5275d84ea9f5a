package fr.interrupt.meshcp.hub.jobs;

/**
 * Bytes read from one stream of a job: {@code data} starts at absolute {@code offset} (moved up to the
 * next kept byte when the asked offset fell in a dropped range); {@code kept} and {@code state} are as of the read.
 */
public record OutputRange(byte[] data, long offset, KeptStream kept, ExecState state) {
    /** Offset just past data. */
    public long end() {
        return offset + data.length;
    }
}
