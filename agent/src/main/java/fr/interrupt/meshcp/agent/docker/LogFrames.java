package fr.interrupt.meshcp.agent.docker;

import java.io.IOException;
import java.io.InputStream;

/**
 * The Docker Engine's multiplexed log stream (containers without a TTY): frames of an 8-byte header
 * {@code [stream, 0, 0, 0, size (4 bytes, big-endian)]} then size bytes of payload; stream 1 is stdout, 2 stderr.
 */
final class LogFrames {
    private static final int PIECE = 32 * 1024;

    private LogFrames() {
    }

    static void demultiplex(InputStream in, LogSink sink) throws IOException {
        byte[] buffer = new byte[PIECE];
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                return;
            }
            LogSink.Stream stream = header[0] == 2 ? LogSink.Stream.STDERR : LogSink.Stream.STDOUT;
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xffL) << 16) | ((header[6] & 0xffL) << 8) | (header[7] & 0xffL);
            while (size > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size));
                if (n < 0) {
                    throw new IOException("log stream ended in the middle of a frame");
                }
                size -= n;
                if (!sink.output(stream, buffer, n)) {
                    return;
                }
            }
        }
    }

    /** A TTY container's log: one raw stream, reported as stdout. */
    static void raw(InputStream in, LogSink sink) throws IOException {
        byte[] buffer = new byte[PIECE];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (!sink.output(LogSink.Stream.STDOUT, buffer, n)) {
                return;
            }
        }
    }
}
