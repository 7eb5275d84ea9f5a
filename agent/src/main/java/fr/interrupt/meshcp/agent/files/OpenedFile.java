package fr.interrupt.meshcp.agent.files;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * A file being read in chunks of at most 64 KiB from an offset, up to a length, and never more than its
 * {@link ReadLimit}: a file that grows past it while it is read stops with a refusal at the limit.
 */
public final class OpenedFile implements Closeable {
    private final FileMeta info;
    private final FileChannel channel;
    private long position;
    private long remaining;
    private final ReadLimit limit;
    private long delivered;
    private boolean eof;

    OpenedFile(FileMeta info, FileChannel channel, long offset, long length, ReadLimit limit) {
        this.info = info;
        this.channel = channel;
        this.position = offset;
        this.remaining = length;
        this.limit = limit;
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

    /**
     * The next chunk (possibly shorter than 64 KiB), or an empty array at the end.
     *
     * @throws fr.interrupt.meshcp.agent.Refusal RESOURCE_EXHAUSTED when the limit is reached and the file has more
     */
    public byte[] nextChunk() throws IOException {
        if (!hasMore()) {
            return new byte[0];
        }
        long allowed = limit.maxBytes() - delivered;
        if (allowed <= 0) {
            if (channel.size() > position) {
                eof = true;
                throw limit.grewPast(info.path());
            }
            eof = true;
            return new byte[0];
        }
        int size = (int) Math.min(FileReader.CHUNK_SIZE, Math.min(remaining, allowed));
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
        delivered += read;
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
