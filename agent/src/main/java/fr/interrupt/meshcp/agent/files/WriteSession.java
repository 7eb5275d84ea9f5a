package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * One file being written: data into a temp file, the size limit enforced as it arrives, then an atomic rename.
 * When the existing file must keep its inode (other hard links, a bind mount: {@link InPlaceTargets}), the
 * staged and forced temp file is copied into it instead (truncate, copy, force): the upload can no longer
 * fail half-way into the file, but the copy itself is not atomic (a reader or a crash during it can see a
 * partial file).
 */
public final class WriteSession {
    private final Path requested;
    private final Path destination;
    private final Path temp;
    private final int mode;
    private final boolean replacing;
    private final long maxBytes;
    private final int maxMb;
    private final FileChannel channel;
    private final Object tempKey;
    private final String inPlaceReason;
    private final Object destinationKey;
    private long written;
    private boolean closed;

    WriteSession(Path requested, Path destination, Path temp, int mode, boolean replacing, long maxBytes, int maxMb,
                 String inPlaceReason) throws IOException {
        this.requested = requested;
        this.destination = destination;
        this.temp = temp;
        this.mode = mode;
        this.replacing = replacing;
        this.maxBytes = maxBytes;
        this.maxMb = maxMb;
        try {
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            this.tempKey = fileKey(temp);
            this.inPlaceReason = inPlaceReason;
            this.destinationKey = inPlaceReason == null ? null : fileKey(destination);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    public Path requested() {
        return requested;
    }

    /** Why the file is rewritten in place ("3 links", "bind mount"); null when it is replaced by a rename. */
    public String inPlaceReason() {
        return inPlaceReason;
    }

    /** Appends data; one byte over max_file_size_mb aborts the session (the temp file is deleted). */
    public void write(ByteBuffer data) {
        if (written + data.remaining() > maxBytes) {
            abort();
            throw Refusal.exhausted("file exceeds max_file_size_mb (" + maxMb + " MiB)");
        }
        try {
            while (data.hasRemaining()) {
                written += channel.write(data);
            }
        } catch (IOException e) {
            abort();
            throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
        }
    }

    /** Forces the data to disk, applies mode (and the replaced file's owner when allowed), renames into place. */
    public long commit() {
        try {
            channel.force(true);
            channel.close();
            closed = true;
            // The temp file sits in the destination directory for the whole upload: whoever owns that directory
            // could swap it for a symlink. Never chmod through a link, and only the file this session created.
            if (!java.util.Objects.equals(tempKey, fileKey(temp))) {
                throw new IOException("the temporary file was replaced while the file was being written");
            }
            Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setPermissions(FileMetas.permissions(mode));
            if (inPlaceReason != null) {
                copyInPlace();
                return written;
            }
            if (replacing) {
                keepOwner();
            }
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.forceDirectory(destination.getParent());
            return written;
        } catch (IOException | UnsupportedOperationException e) {
            abort();
            throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
        }
    }

    /** Copies the staged temp file into the destination's own inode, then deletes the temp file. */
    private void copyInPlace() throws IOException {
        if (!java.util.Objects.equals(destinationKey, fileKey(destination))) {
            throw new IOException("the file was replaced while it was being written");
        }
        try (FileChannel source = FileChannel.open(temp, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             FileChannel target = FileChannel.open(destination, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                     LinkOption.NOFOLLOW_LINKS)) {
            long done = 0;
            long size = source.size();
            while (done < size) {
                done += target.transferFrom(source, done, size - done);
            }
            target.force(true);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(destination, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (!view.readAttributes().permissions().equals(FileMetas.permissions(mode))) {
            view.setPermissions(FileMetas.permissions(mode));
        }
        Files.deleteIfExists(temp);
    }

    /** Drops everything written so far; safe to call more than once. */
    public void abort() {
        try {
            if (!closed) {
                closed = true;
                channel.close();
            }
        } catch (IOException e) {
            // Deleting the temp file below is what matters.
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Nothing more can be done; the temp file has a recognisable name (.NAME.meshcp-*.tmp).
        }
    }

    /** The file's identity (device and inode on POSIX systems; null where the platform has none). */
    private static Object fileKey(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private void keepOwner() {
        try {
            PosixFileAttributes old = Files.readAttributes(destination, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            view.setOwner(old.owner());
            view.setGroup(old.group());
        } catch (IOException | UnsupportedOperationException e) {
            // Only root may give a file away; otherwise the new file belongs to the agent's user.
        }
    }
}
