package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Opens files for ReadFile. The path is walked from {@code /} with {@link PathWalk} (symlinks followed by the walk,
 * never by the kernel), and the file is opened in the directory the walk holds, so what was checked is what is read.
 * Its real path must be allowed, not one of the agent's own files ({@link OwnFiles}), and be a regular file, checked
 * with lstat before opening, so devices, FIFOs and sockets are refused without ever being opened (a FIFO would
 * block). One read delivers at most max_file_size_mb ({@link ReadLimit}).
 */
public final class FileReader {
    public static final int CHUNK_SIZE = 64 * 1024;

    private final FilesConfig config;
    private final PathPolicy policy;
    private final OwnFiles ownFiles;
    private final FileOpener opener;

    /** A reader that protects none of the agent's own files: for tests of the path policy alone. */
    public FileReader(FilesConfig config, PathPolicy policy) {
        this(config, policy, OwnFiles.none());
    }

    /** A reader that never serves ownFiles. */
    public FileReader(FilesConfig config, PathPolicy policy, OwnFiles ownFiles) {
        this(config, policy, ownFiles, FileOpener.DIRECT);
    }

    /** A reader that never serves ownFiles and opens checked files with opener (tests: a read that never ends). */
    public FileReader(FilesConfig config, PathPolicy policy, OwnFiles ownFiles, FileOpener opener) {
        this.config = config;
        this.policy = policy;
        this.ownFiles = ownFiles;
        this.opener = opener;
    }

    /**
     * Opens {@code length} bytes (0: to the end) from {@code offset}.
     *
     * @throws fr.interrupt.meshcp.agent.Refusal outside allowed_paths, one of the agent's own files, not a regular
     *         file, or more than max_file_size_mb to read (RESOURCE_EXHAUSTED, naming the size and the limit)
     */
    public OpenedFile open(String rawPath, long offset, long length) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        if (offset < 0 || length < 0) {
            throw Refusal.invalid("offset and length must not be negative");
        }
        Path requested = policy.parse(rawPath);
        try (Walked walked = PathWalk.walk(requested, PathWalk.LastName.FOLLOW)) {
            if (!walked.exists()) {
                throw walked.missingRefusal(policy, requested);
            }
            Path real = walked.real();
            policy.requireAllowed(requested, real);
            PosixFileAttributes held = walked.attributes();
            ownFiles.check(requested, real, held.fileKey(), 1, "read");
            if (held.isDirectory()) {
                throw Refusal.precondition(requested + " is a directory, not a file: list it instead");
            }
            if (!held.isRegularFile()) {
                FileMeta other = FileMetas.of(held, real, walked.name(), requested.toString());
                throw Refusal.denied("refusing to read " + requested + ": it is a " + other.kindDescription() + ", not a regular file");
            }
            EntryFacts facts = EntryFacts.forDecision(real, held, requested, "read");
            HardLinks.check(config, facts.links(), requested, "read");
            ownFiles.check(requested, real, held.fileKey(), facts.links(), "read");
            ReadLimit limit = new ReadLimit(config);
            limit.checkAtOpen(requested, held.size(), offset, length);
            String name = requested.getFileName() == null ? walked.name() : requested.getFileName().toString();
            FileMeta meta = new FileMeta(name, requested.toString(), FileMeta.Kind.REGULAR, "regular file", held.size(),
                    facts.mode() & 07777, held.lastModifiedTime().toMillis(), "");
            return new OpenedFile(meta, open(walked, requested, opener), offset, length == 0 ? Long.MAX_VALUE : length, limit);
        }
    }

    /**
     * Opens the entry in its held directory (openat with O_NOFOLLOW: never through a symlink), then checks that the
     * name still gives the file that was checked (same device and inode), so a file swapped in between is not read.
     */
    private static FileChannel open(Walked walked, Path requested, FileOpener opener) {
        SecureDirectoryStream<Path> dir = walked.directory();
        Path name = Path.of(walked.name());
        SeekableByteChannel channel;
        try {
            channel = opener.open(dir, name, walked.real());
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition("cannot open " + requested + ": " + IoReasons.of(e));
        }
        PosixFileAttributes after = PathWalk.lstat(dir, walked.name(), requested);
        if (!(channel instanceof FileChannel file) || after == null
                || !java.util.Objects.equals(after.fileKey(), walked.attributes().fileKey())) {
            try {
                channel.close();
            } catch (IOException e) {
                // opened for reading only
            }
            throw Refusal.precondition(requested + " changed while it was being opened: try again");
        }
        return file;
    }
}
