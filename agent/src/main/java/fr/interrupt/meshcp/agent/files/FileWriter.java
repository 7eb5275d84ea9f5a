package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * Starts WriteFile sessions. The path is walked from {@code /} with {@link PathWalk}, and everything after happens in
 * the directory the walk holds open (openat, renameat, unlinkat), never through the path again. The destination is
 * decided on real paths: a new file through its parent's real path, an existing symlink through its real target
 * (both must be allowed), a dangling symlink refused (a file is never created where a link points). Data goes to a
 * temp file beside the destination, in the held directory, renamed into place there;
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

    /**
     * Starts writing rawPath. mode null: 0644 for a new file, the existing file's mode otherwise.
     *
     * @throws Refusal outside allowed_paths or one of the agent's own files (PERMISSION_DENIED), a dangling symlink, a
     *                 special file or a file with several links under allowed_paths (PERMISSION_DENIED), a missing parent
     *                 directory without createParents (NOT_FOUND), a directory or a path that changed during the checks
     *                 (FAILED_PRECONDITION)
     */
    public WriteSession begin(String rawPath, Integer mode, boolean createParents) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        if (mode != null && (mode < 0 || mode > 0777)) {
            throw Refusal.invalid("mode must be between 0 and 0777 (setuid, setgid and sticky bits are refused), got 0" + Integer.toOctalString(mode));
        }
        Path requested = policy.parse(rawPath);
        if (requested.getParent() == null) {
            throw Refusal.invalid("cannot write to " + requested);
        }
        Walked walked = PathWalk.walk(requested, PathWalk.LastName.FOLLOW);
        try {
            if (!walked.exists()) {
                walked = placeForNewFile(walked, requested, createParents);
            }
            WriteSession session = start(walked, requested, mode);
            walked = null; // the session holds it now
            return session;
        } finally {
            if (walked != null) {
                walked.close();
            }
        }
    }

    /** Checks where a new file would be and creates its missing parents when asked; the walk returned holds its directory. */
    private Walked placeForNewFile(Walked walked, Path requested, boolean createParents) {
        if (walked.finalLinkFollowed()) {
            throw Refusal.denied("refusing to write " + requested + ": it is a symlink to a file that does not exist");
        }
        Path projected = walked.projected();
        if (!policy.allows(projected)) {
            throw policy.outside(requested, projected);
        }
        // before any parent directory is created
        ownFiles.check(requested, projected, "write");
        if (walked.blockedByFile()) {
            throw Refusal.precondition("not a directory: " + walked.directoryPath().resolve(walked.missing().get(0)));
        }
        List<String> missing = walked.missing();
        if (missing.size() == 1) {
            return walked;
        }
        if (!createParents || missing.contains("..")) {
            throw Refusal.notFound("no such directory: " + requested.getParent() + " (the write can create missing parent directories when asked to)");
        }
        return ParentDirectories.create(walked, requested);
    }

    private WriteSession start(Walked walked, Path requested, Integer mode) {
        Path destination = walked.real();
        PosixFileAttributes existing = walked.attributes();
        policy.requireAllowed(requested, destination);
        ownFiles.check(requested, destination, existing == null ? null : existing.fileKey(), 1, "write");
        if (walked.name() == null || (existing != null && existing.isDirectory())) {
            throw Refusal.precondition(requested + " is a directory");
        }
        String inPlace = null;
        if (existing != null) {
            if (!existing.isRegularFile()) {
                FileMeta other = FileMetas.of(existing, destination, walked.name(), requested.toString());
                throw Refusal.denied("refusing to write " + requested + ": it is a " + other.kindDescription() + ", not a regular file");
            }
            EntryFacts facts = EntryFacts.forDecision(destination, existing, requested, "write");
            HardLinks.check(config, facts.links(), requested, "write");
            ownFiles.check(requested, destination, existing.fileKey(), facts.links(), "write");
            inPlace = InPlaceTargets.reason(facts, EntryFacts.readOrNull(walked.directoryPath(), PathWalk.fstat(walked.directory(), requested)),
                    destination);
        }
        int finalMode = mode != null ? mode : existing != null ? FileMetas.permissionBits(existing.permissions()) : 0644;
        return WriteSession.begin(requested, walked, finalMode, config.maxFileSizeBytes(), config.maxFileSizeMb(), inPlace);
    }
}
