package fr.interrupt.meshcp.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Files whose reads never end, like {@code /proc/kmsg} (a regular file by lstat whose read blocks until the kernel
 * has something to say), without reading anything destructive. Each {@link #open()} is a read-only
 * {@link FileChannel} whose reads block in a real kernel read on a pipe nobody writes to; closing the channel from
 * another thread ends a blocked read with {@link java.nio.channels.AsynchronousCloseException}, as the JDK does for a
 * real file. {@link #blocked()} counts the reads blocked right now, so a test can see threads being freed.
 */
public final class NeverEndingReads {
    private final AtomicInteger blocked = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();

    /** A new channel whose reads block until it is closed. */
    public FileChannel open() throws IOException {
        opened.incrementAndGet();
        return new Blocking(Pipe.open());
    }

    /**
     * A new channel that yields {@code bytesPerTick} bytes every {@code tick}, forever, until it is closed: a stream
     * that is never idle and never ends (a daemon thread writes into the pipe).
     */
    public FileChannel openEndless(int bytesPerTick, java.time.Duration tick) throws IOException {
        opened.incrementAndGet();
        Pipe pipe = Pipe.open();
        java.util.concurrent.ScheduledExecutorService writer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "endless-file");
            t.setDaemon(true);
            return t;
        });
        byte[] data = new byte[bytesPerTick];
        java.util.Arrays.fill(data, (byte) 'k');
        writer.scheduleAtFixedRate(() -> {
            try {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) {
                    pipe.sink().write(buffer);
                }
            } catch (IOException e) {
                writer.shutdown();
            }
        }, 0, tick.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return new Blocking(pipe) {
            @Override
            protected void implCloseChannel() throws IOException {
                writer.shutdownNow();
                super.implCloseChannel();
            }
        };
    }

    /** Reads blocked in one of the channels now. */
    public int blocked() {
        return blocked.get();
    }

    /** Channels opened so far. */
    public int opened() {
        return opened.get();
    }

    private class Blocking extends FileChannel {
        private final Pipe pipe;

        Blocking(Pipe pipe) {
            this.pipe = pipe;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            blocked.incrementAndGet();
            try {
                return pipe.source().read(dst);
            } finally {
                blocked.decrementAndGet();
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return read(dsts[offset]);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return read(dst);
        }

        @Override
        public long size() {
            return 0;
        }

        @Override
        public long position() {
            return 0;
        }

        @Override
        public FileChannel position(long newPosition) {
            return this;
        }

        @Override
        protected void implCloseChannel() throws IOException {
            pipe.source().close();
            pipe.sink().close();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void force(boolean metaData) {
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException("not a real file");
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("not a real file");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("not a real file");
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException("not a real file");
        }
    }
}
