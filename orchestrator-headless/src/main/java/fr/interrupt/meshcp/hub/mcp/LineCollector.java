package fr.interrupt.meshcp.hub.mcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Receives a file's bytes and keeps lines [start, start + max) within a byte budget; stops the
 * transfer (by throwing {@link Enough}) once it has them, or when the first bytes show binary data.
 */
final class LineCollector extends OutputStream {
    /** Thrown to end the transfer early; the service reports it as the failure's cause. */
    static final class Enough extends IOException {
        Enough() {
            super("enough lines read");
        }
    }

    private final long startLine;
    private final int maxLines;
    private final int budget;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private final byte[] sniff = new byte[TextBytes.SNIFF_BYTES];
    private int sniffed;
    private boolean binary;
    private long line = 1;
    private long position;
    private byte last;
    private long contentOffset = -1;
    private int completeLines;
    private boolean stoppedEarly;
    private boolean cutInLine;

    LineCollector(long startLine, int maxLines, int budget) {
        this.startLine = startLine;
        this.maxLines = maxLines;
        this.budget = budget;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            accept(data[i]);
        }
    }

    private void accept(byte b) throws IOException {
        if (sniffed < sniff.length) {
            sniff[sniffed++] = b;
            if (sniffed == sniff.length) {
                checkBinary();
            }
        }
        if (line >= startLine) {
            if (contentOffset < 0) {
                contentOffset = position;
            }
            if (content.size() >= budget) {
                cutInLine = content.size() > 0 && last != '\n';
                stop();
            }
            content.write(b);
        }
        position++;
        last = b;
        if (b == '\n') {
            boolean inRange = line >= startLine;
            line++;
            if (inRange) {
                completeLines++;
                if (completeLines == maxLines) {
                    stop();
                }
            }
        }
    }

    private void checkBinary() throws Enough {
        if (TextBytes.looksBinary(sniff, sniffed)) {
            binary = true;
            stoppedEarly = true;
            throw new Enough();
        }
    }

    private void stop() throws Enough {
        if (sniffed < sniff.length) {
            checkBinary();
        }
        stoppedEarly = true;
        throw new Enough();
    }

    boolean binary() {
        if (!binary && sniffed < sniff.length && sniffed > 0) {
            binary = TextBytes.looksBinary(sniff, sniffed);
        }
        return binary;
    }

    byte[] sniffed() {
        return Arrays.copyOf(sniff, sniffed);
    }

    byte[] content() {
        return content.toByteArray();
    }

    long contentOffset() {
        return contentOffset < 0 ? position : contentOffset;
    }

    /** Lines in content, counting a last line without its newline (end of file, or cut). */
    int linesReturned() {
        return completeLines + (content.size() > 0 && last != '\n' ? 1 : 0);
    }

    /** Lines in the whole file; meaningful only when the read reached the end. */
    long totalLines() {
        return position == 0 ? 0 : last == '\n' ? line - 1 : line;
    }

    boolean stoppedEarly() {
        return stoppedEarly;
    }

    boolean cutInLine() {
        return cutInLine;
    }
}
