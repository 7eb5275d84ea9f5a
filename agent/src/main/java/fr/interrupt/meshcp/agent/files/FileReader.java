package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens files for ReadFile. The real path must be allowed and be a regular file, checked with lstat before
 * opening, so devices, FIFOs and sockets are refused without ever being opened (a FIFO would block).
 */
public final class FileReader {
    public static final int CHUNK_SIZE = 64 * 1024;

    private final FilesConfig config;
    private final PathPolicy policy;

    public FileReader(FilesConfig config, PathPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    public OpenedFile open(String rawPath, long offset, long length) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        if (offset < 0 || length < 0) {
            throw Refusal.invalid("offset and length must not be negative");
        }
        Path requested = policy.parse(rawPath);
        Path real = policy.realExisting(requested);
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
        String name = requested.getFileName() == null ? meta.name() : requested.getFileName().toString();
        meta = new FileMeta(name, requested.toString(), meta.kind(), meta.kindDescription(), meta.size(), meta.mode(), meta.modifiedMillis(), "");
        try {
            // NOFOLLOW_LINKS: if the checked file was swapped for a symlink since, the open fails instead of following it.
            FileChannel channel = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            return new OpenedFile(meta, channel, offset, length == 0 ? Long.MAX_VALUE : length);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition("cannot open " + requested + ": " + IoReasons.of(e));
        }
    }
}
