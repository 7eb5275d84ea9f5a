package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * Opens files for ReadFile. The real path must be allowed, not one of the agent's own files ({@link OwnFiles}), and
 * be a regular file, checked with lstat before opening, so devices, FIFOs and sockets are refused without ever being
 * opened (a FIFO would block). One read delivers at most max_file_size_mb ({@link ReadLimit}).
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
        Path real = policy.realExisting(requested);
        ownFiles.check(requested, real, "read");
        FileMeta meta;
        try {
            meta = FileMetas.read(real, requested.toString());
        } catch (IOException e) {
            throw Refusal.notFound("no such file: " + requested);
        }
        if (meta.kind() == FileMeta.Kind.DIRECTORY) {
            throw Refusal.precondition(requested + " is a directory, not a file: list it instead");
        }
        if (meta.kind() != FileMeta.Kind.REGULAR) {
            throw Refusal.denied("refusing to read " + requested + ": it is a " + meta.kindDescription() + ", not a regular file");
        }
        HardLinks.check(config, real, requested, "read");
        ReadLimit limit = new ReadLimit(config);
        limit.checkAtOpen(requested, meta.size(), offset, length);
        String name = requested.getFileName() == null ? meta.name() : requested.getFileName().toString();
        meta = new FileMeta(name, requested.toString(), meta.kind(), meta.kindDescription(), meta.size(), meta.mode(), meta.modifiedMillis(), "");
        try {
            // NOFOLLOW_LINKS: if the checked file was swapped for a symlink since, the open fails instead of following it.
            FileChannel channel = opener.open(real);
            return new OpenedFile(meta, channel, offset, length == 0 ? Long.MAX_VALUE : length, limit);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition("cannot open " + requested + ": " + IoReasons.of(e));
        }
    }
}
