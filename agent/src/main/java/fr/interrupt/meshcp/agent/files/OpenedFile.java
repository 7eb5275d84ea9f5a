package fr.interrupt.meshcp.agent.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A file being read in chunks of at most 64 KiB from an offset, up to a length. */
public final class OpenedFile implements Closeable {
    private final FileMeta info;
    private final FileChannel channel;
    private long position;
    private long remaining;
    private boolean eof;

    OpenedFile(FileMeta info, FileChannel channel, long offset, long length) {
        this.info = info;
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
    }

    public FileMeta info() {
        return info;
    }

    public long position() {
        return position;
    }

    public boolean hasMore() {
        return !eof && remaining > 0;
    }

    /** The next chunk (possibly shorter than 64 KiB), or an empty array at the end. */
    public byte[] nextChunk() throws IOException {
        if (!hasMore()) {
            return new byte[0];
        }
        int size = (int) Math.min(FileReader.CHUNK_SIZE, remaining);
        ByteBuffer buffer = ByteBuffer.allocate(size);
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                eof = true;
                break;
            }
        }
        int read = buffer.position();
        position += read;
        remaining -= read;
        byte[] chunk = buffer.array();
        if (read < chunk.length) {
            chunk = java.util.Arrays.copyOf(chunk, read);
        }
        return chunk;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
