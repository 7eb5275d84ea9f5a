package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Starts WriteFile sessions. The destination is decided on real paths: a new file through its parent's real
 * path, an existing symlink through its real target (both must be allowed), a dangling symlink refused (a file
 * is never created where a link points). Data goes to a temp file beside the destination, renamed into place;
 * an existing file with other hard links or mounted on its own ({@link InPlaceTargets}) is rewritten in place
 * from that temp file instead, so every link and mount sees the new content.
 */
public final class FileWriter {
    private final FilesConfig config;
    private final PathPolicy policy;
    private final OwnFiles ownFiles;

    /** A writer that protects none of the agent's own files: for tests of the path policy alone. */
    public FileWriter(FilesConfig config, PathPolicy policy) {
        this(config, policy, OwnFiles.none());
    }

    /** A writer that never writes ownFiles, nor creates anything inside them. */
    public FileWriter(FilesConfig config, PathPolicy policy, OwnFiles ownFiles) {
        this.config = config;
        this.policy = policy;
        this.ownFiles = ownFiles;
    }

    /** mode null: 0644 for a new file, the existing file's mode otherwise. */
    public WriteSession begin(String rawPath, Integer mode, boolean createParents) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        if (mode != null && (mode < 0 || mode > 0777)) {
            throw Refusal.invalid("mode must be between 0 and 0777 (setuid, setgid and sticky bits are refused), got 0" + Integer.toOctalString(mode));
        }
        Path requested = policy.parse(rawPath);
        // Before any parent directory is created: where the file would really be (an existing symlink followed).
        ownFiles.check(requested, policy.projected(requested), "write");
        Path realParent = policy.realParentFor(requested, createParents);
        Path destination = realParent.resolve(requested.getFileName().toString());
        FileMeta existing = lstat(destination);
        if (existing != null && existing.kind() == FileMeta.Kind.SYMLINK) {
            destination = symlinkTarget(requested, destination);
            existing = lstat(destination);
        }
        policy.requireAllowed(requested, destination);
        ownFiles.check(requested, destination, "write");
        if (existing != null && existing.kind() == FileMeta.Kind.DIRECTORY) {
            throw Refusal.precondition(requested + " is a directory");
        }
        if (existing != null && existing.kind() != FileMeta.Kind.REGULAR) {
            throw Refusal.denied("refusing to write " + requested + ": it is a " + existing.kindDescription() + ", not a regular file");
        }
        if (existing != null) {
            HardLinks.check(config, destination, requested, "write");
        }
        int finalMode = mode != null ? mode : existing != null ? existing.mode() & 0777 : 0644;
        try {
            Path temp = AtomicFiles.createTempSibling(destination, AtomicFiles.OWNER_ONLY);
            String inPlace = existing == null ? null : InPlaceTargets.reason(destination);
            return new WriteSession(requested, destination, temp, finalMode, existing != null, config.maxFileSizeBytes(), config.maxFileSizeMb(),
                    inPlace);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: cannot write in " + destination.getParent());
        } catch (IOException e) {
            throw Refusal.precondition("cannot write " + requested + ": " + IoReasons.of(e));
        }
    }

    private Path symlinkTarget(Path requested, Path link) {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException e) {
            throw Refusal.denied("refusing to write " + requested + ": it is a symlink to a file that does not exist");
        } catch (IOException e) {
            throw Refusal.precondition("cannot resolve " + requested + ": " + IoReasons.of(e));
        }
    }

    private static FileMeta lstat(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return FileMetas.read(path, path.toString());
        } catch (IOException e) {
            return null;
        }
    }
}
