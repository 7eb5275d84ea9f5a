package fr.interrupt.meshcp.hub.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Crash-safe writes and cross-process locks for the hub's state files.
 * A write goes to a temp file in the same directory, is forced to disk, atomically moved over
 * the old file, and the directory is forced: a reader sees the old file or the new one, never half.
 */
public final class StateFiles {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    /*
     * FileChannel locks belong to the whole JVM: a second lock on the same file from this process
     * throws instead of waiting. Threads of one process therefore queue on an in-process lock first.
     * Process-wide because the file lock it guards is process-wide.
     */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private StateFiles() {
    }

    /** A held lock; closing it releases both the file lock and the in-process lock. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** How long {@link #lock} waits for another holder before giving up; state changes hold a lock for milliseconds. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Waits until this process holds the exclusive lock named by {@code lockFile} (created owner-only), at most
     * {@link #LOCK_TIMEOUT}.
     *
     * @throws LockTimeoutException when another process held it all that time, naming that process where Linux tells
     */
    public static Held lock(Path lockFile) throws IOException {
        return lock(lockFile, LOCK_TIMEOUT);
    }

    /** Same as {@link #lock(Path)} with its own timeout. */
    public static Held lock(Path lockFile, Duration timeout) throws IOException {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), p -> new ReentrantLock());
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            if (!local.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new LockTimeoutException(lockFile, timeout, "another thread of this process");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for " + lockFile);
        }
        FileChannel channel = null;
        try {
            ensureDirectory(lockFile.getParent());
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            var fileLock = acquire(channel, lockFile, deadline, timeout);
            FileChannel open = channel;
            return () -> {
                try {
                    fileLock.release();
                    open.close();
                } catch (IOException ignored) {
                    // closing the channel releases the lock in any case
                } finally {
                    local.unlock();
                }
            };
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            local.unlock();
            throw e;
        }
    }

    /*
     * FileChannel has no timed lock: poll tryLock, backing off from 1 ms to 50 ms, so a holder that lets go is
     * followed within milliseconds and a stuck one is named after the timeout.
     */
    private static java.nio.channels.FileLock acquire(FileChannel channel, Path lockFile, long deadline, Duration timeout)
            throws IOException {
        long pauseMillis = 1;
        while (true) {
            var fileLock = channel.tryLock();
            if (fileLock != null) {
                return fileLock;
            }
            if (System.nanoTime() > deadline) {
                throw new LockTimeoutException(lockFile, timeout, LockHolders.describe(lockFile).orElse("another process"));
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting for " + lockFile);
            }
            pauseMillis = Math.min(50, pauseMillis * 2);
        }
    }

    /** Atomically replaces {@code target} with {@code content}, owner-only permissions. */
    public static void writeAtomically(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        ensureDirectory(dir);
        Path temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(dir);
    }

    /**
     * Deletes the temp files that a process killed in the middle of {@link #writeAtomically} left
     * next to {@code target}. Only safe while holding the lock that every writer of {@code target} takes.
     */
    public static void removeLeftoverTempFiles(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName();
        try (var siblings = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.length() > prefix.length() + ".tmp".length() && name.startsWith(prefix) && name.endsWith(".tmp")
                    && name.substring(prefix.length(), name.length() - ".tmp".length()).matches("-?\\d+");
        })) {
            for (Path leftover : siblings) {
                Files.deleteIfExists(leftover);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no directory yet: nothing was ever written there
        }
    }

    public static void ensureDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            try {
                Files.createDirectories(dir);
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(dir.toString(), null,
                        "cannot create the data directory; choose another with --data-dir");
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (FileSystemException | UnsupportedOperationException e) {
            // some platforms cannot open a directory for sync; the rename is still atomic there
        } catch (IOException e) {
            // same as above: durability of the directory entry is best effort on such platforms
        }
    }
}
