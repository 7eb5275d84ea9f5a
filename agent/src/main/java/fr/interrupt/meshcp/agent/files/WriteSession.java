package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;

/**
 * One file being written: data into a temp file, the size limit enforced as it arrives, then an atomic rename.
 * Everything happens in the destination's directory as a {@link PathWalk} opened it, held by descriptor: the temp
 * file is created there ({@code openat(O_CREAT|O_EXCL|O_NOFOLLOW)}), renamed over the destination there
 * ({@code renameat}), deleted there on failure ({@code unlinkat}), so a directory of the path swapped for a symlink
 * meanwhile can neither redirect the file nor strand the temp file elsewhere. When the existing file must keep its
 * inode (other hard links, a bind mount: {@link InPlaceTargets}), the staged and forced temp file is copied into it
 * instead (truncate, copy, force): the upload can no longer fail half-way into the file, but the copy itself is not
 * atomic (a reader or a crash during it can see a partial file).
 */
public final class WriteSession {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TEMP_NAME_ATTEMPTS = 10;

    private final Path requested;
    private final Walked place;
    private final SecureDirectoryStream<Path> dir;
    private final Path destinationName;
    private final Path tempName;
    private final int mode;
    private final long maxBytes;
    private final int maxMb;
    private final FileChannel channel;
    private final Object tempKey;
    private final String inPlaceReason;
    private long written;
    private boolean closed;
    private boolean released;

    private WriteSession(Path requested, Walked place, Path tempName, FileChannel channel, Object tempKey, int mode, long maxBytes, int maxMb,
                         String inPlaceReason) {
        this.requested = requested;
        this.place = place;
        this.dir = place.directory();
        this.destinationName = Path.of(place.name());
        this.tempName = tempName;
        this.channel = channel;
        this.tempKey = tempKey;
        this.mode = mode;
        this.maxBytes = maxBytes;
        this.maxMb = maxMb;
        this.inPlaceReason = inPlaceReason;
    }

    /**
     * Creates the temp file (0600, a fresh name beside the destination) in the held directory and starts the session,
     * which then owns place (closed on commit or abort).
     *
     * @param place         the walk that holds the destination's directory; its entry is the destination (existing or not)
     * @param mode          the permission bits the file gets (0 to 0777)
     * @param inPlaceReason why the existing file is rewritten in place; null to rename over it
     */
    static WriteSession begin(Path requested, Walked place, int mode, long maxBytes, int maxMb, String inPlaceReason) {
        SecureDirectoryStream<Path> dir = place.directory();
        for (int attempt = 0; ; attempt++) {
            Path temp = Path.of(tempName(place.name()));
            try {
                SeekableByteChannel opened = dir.newByteChannel(temp, Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(AtomicFiles.OWNER_ONLY));
                PosixFileAttributes created = null;
                try {
                    created = PathWalk.lstat(dir, temp.toString(), requested);
                } finally {
                    if (!(opened instanceof FileChannel) || created == null) {
                        opened.close();
                        deleteQuietly(dir, temp);
                    }
                }
                if (!(opened instanceof FileChannel file) || created == null) {
                    throw Refusal.precondition("cannot write " + requested + ": the temporary file was replaced as it was created");
                }
                return new WriteSession(requested, place, temp, file, created.fileKey(), mode, maxBytes, maxMb, inPlaceReason);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= TEMP_NAME_ATTEMPTS) {
                    throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
                }
            } catch (AccessDeniedException e) {
                throw Refusal.denied("permission denied: cannot write in " + place.directoryPath());
            } catch (IOException e) {
                throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
            }
        }
    }

    /** ".NAME.meshcp-RANDOM.tmp": hidden, recognisable, the name cut at 100 characters. */
    private static String tempName(String destination) {
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = destination.length() > 100 ? destination.substring(0, 100) : destination;
        return "." + name + ".meshcp-" + HexFormat.of().formatHex(suffix) + ".tmp";
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

    /**
     * Forces the data to disk, gives the temp file the replaced file's owner (when allowed) and the mode, renames it
     * over the destination in the held directory and forces that directory; or copies it into the file in place.
     *
     * @return the bytes written
     * @throws Refusal FAILED_PRECONDITION when any step fails (nothing is left behind: the temp file is deleted)
     */
    public long commit() {
        try {
            channel.force(true);
            channel.close();
            closed = true;
            // The temp file sits in the destination directory for the whole upload: whoever owns that directory
            // could swap it for a symlink. Never chmod through a link, and only the file this session created.
            PosixFileAttributes temp = PathWalk.lstat(dir, tempName.toString(), requested);
            if (temp == null || !Objects.equals(tempKey, temp.fileKey())) {
                throw new IOException("the temporary file was replaced while the file was being written");
            }
            if (inPlaceReason != null) {
                copyInPlace();
            } else {
                if (place.exists()) {
                    keepOwner(place.attributes());
                }
                view(tempName).setPermissions(FileMetas.permissions(mode));
                dir.move(tempName, dir, destinationName);
                forceDirectory();
            }
            release();
            return written;
        } catch (IOException | UnsupportedOperationException e) {
            abort();
            throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Copies the staged temp file into the destination's own inode, then deletes the temp file. */
    private void copyInPlace() throws IOException {
        requireSameDestination();
        try (FileChannel source = open(tempName, StandardOpenOption.READ);
             FileChannel target = open(destinationName, StandardOpenOption.WRITE)) {
            requireSameDestination();
            target.truncate(0);
            long done = 0;
            long size = source.size();
            while (done < size) {
                done += target.transferFrom(source, done, size - done);
            }
            target.force(true);
        }
        PosixFileAttributeView view = view(destinationName);
        if (!view.readAttributes().permissions().equals(FileMetas.permissions(mode))) {
            view.setPermissions(FileMetas.permissions(mode));
        }
        dir.deleteFile(tempName);
    }

    private void requireSameDestination() throws IOException {
        PosixFileAttributes now = PathWalk.lstat(dir, destinationName.toString(), requested);
        if (now == null || !Objects.equals(place.attributes().fileKey(), now.fileKey())) {
            throw new IOException("the file was replaced while it was being written");
        }
    }

    private FileChannel open(Path name, OpenOption access) throws IOException {
        SeekableByteChannel opened = dir.newByteChannel(name, Set.of(access, LinkOption.NOFOLLOW_LINKS));
        if (opened instanceof FileChannel file) {
            return file;
        }
        opened.close();
        throw new IOException("not a file channel");
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
        if (!released) {
            // In the held directory: the temp file is found where it was made, whatever happened to the path since.
            deleteQuietly(dir, tempName);
            release();
        }
    }

    private void release() {
        released = true;
        place.close();
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (NoSuchFileException e) {
            // already gone (renamed into place, or never made)
        } catch (IOException | RuntimeException e) {
            // Nothing more can be done; the temp file has a recognisable name (.NAME.meshcp-*.tmp).
        }
    }

    /** Makes the rename durable: fsync of the held directory (opened as "." in itself, not by path). */
    private void forceDirectory() {
        try (SeekableByteChannel self = dir.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
            if (self instanceof FileChannel directory) {
                directory.force(true);
            }
        } catch (IOException e) {
            // Not supported everywhere; the rename itself is still atomic.
        }
    }

    private PosixFileAttributeView view(Path name) {
        return dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    private void keepOwner(PosixFileAttributes old) {
        try {
            PosixFileAttributeView view = view(tempName);
            view.setOwner(old.owner());
            view.setGroup(old.group());
        } catch (IOException | UnsupportedOperationException e) {
            // Only root may give a file away; otherwise the new file belongs to the agent's user.
        }
    }
}
