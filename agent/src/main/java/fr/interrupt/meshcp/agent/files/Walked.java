package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

/**
 * Where a {@link PathWalk} ended: the directory that holds the entry, open (every name on the way was opened without
 * following a symlink, so this is the directory that was at {@link #directoryPath()} during the walk, wherever it is
 * moved since), the entry's name in it and its lstat. When names are missing, the walk stopped at the first one:
 * {@link #missing()} lists it and the names after it, and the held directory is where it is missing. Closing releases
 * the held directory.
 */
final class Walked implements Closeable {
    private final SecureDirectoryStream<Path> directory;
    private final Path directoryPath;
    private final String name;
    private final PosixFileAttributes attributes;
    private final List<String> missing;
    private final boolean blockedByFile;
    private final boolean finalLinkFollowed;

    Walked(SecureDirectoryStream<Path> directory, Path directoryPath, String name, PosixFileAttributes attributes, List<String> missing,
           boolean blockedByFile, boolean finalLinkFollowed) {
        this.directory = directory;
        this.directoryPath = directoryPath;
        this.name = name;
        this.attributes = attributes;
        this.missing = List.copyOf(missing);
        this.blockedByFile = blockedByFile;
        this.finalLinkFollowed = finalLinkFollowed;
    }

    /** The directory holding the entry (the entry itself when {@link #name()} is null), open. */
    SecureDirectoryStream<Path> directory() {
        return directory;
    }

    /** The held directory's path as walked: a real path, no symlink in it. */
    Path directoryPath() {
        return directoryPath;
    }

    /** The entry's name in the held directory; null when the walk ended on the held directory itself ("/", or a link to a directory's "."). */
    String name() {
        return name;
    }

    /** The entry's lstat (or the held directory's fstat when {@link #name()} is null); null when missing. */
    PosixFileAttributes attributes() {
        return attributes;
    }

    boolean exists() {
        return attributes != null;
    }

    /** The names that do not exist, the first of them in the held directory; empty when the entry exists. */
    List<String> missing() {
        return missing;
    }

    /** True when the first missing name exists but is not a directory, so the names after it cannot exist. */
    boolean blockedByFile() {
        return blockedByFile;
    }

    /** True when the requested path's own last name was a symlink, followed to reach this entry. */
    boolean finalLinkFollowed() {
        return finalLinkFollowed;
    }

    /** The entry's real path (no symlink in it), as walked. */
    Path real() {
        return name == null ? directoryPath : directoryPath.resolve(name);
    }

    /** Where the entry would be: the held directory's path and the missing names after it, normalised. */
    Path projected() {
        Path path = directoryPath;
        for (String each : missing) {
            path = path.resolve(each);
        }
        return path.normalize();
    }

    /** The refusal for a missing entry: outside allowed_paths when the projected path is, else not found (no existence oracle). */
    Refusal missingRefusal(PathPolicy policy, Path requested) {
        Path projected = projected();
        if (!policy.allows(projected)) {
            return policy.outside(requested, projected);
        }
        return Refusal.notFound("no such file: " + requested);
    }

    @Override
    public void close() {
        try {
            directory.close();
        } catch (IOException e) {
            // Closing a directory held for reading: nothing is lost.
        }
    }
}
