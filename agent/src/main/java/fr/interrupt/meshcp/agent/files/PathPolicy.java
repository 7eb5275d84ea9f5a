package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which paths the agent may touch. Requests must be absolute; they are normalised, then every decision is
 * made on real paths (symlinks resolved), compared component by component with the real paths of
 * allowed_paths, so {@code /home} admits {@code /home/x} and never {@code /home2}, and a symlink inside an
 * allowed directory that points outside is outside. An empty allowed_paths admits any absolute path.
 *
 * <p>The files capability gets its real paths from a {@link PathWalk}, which holds what it checked open; the
 * path-based resolution here ({@link #realExisting}, {@link #requireDirectory}) serves an exec's working directory,
 * which a process is started in by path anyway.
 */
public final class PathPolicy {
    private final List<Path> roots;

    public PathPolicy(List<Path> allowedPaths) {
        // resolved once, at start: a root replaced later by a symlink (by a user who owns it) must not widen the policy
        this.roots = allowedPaths.stream().map(PathPolicy::realRoot).toList();
    }

    /** A requested path, absolute and normalised; refuses relative paths and NUL bytes. */
    public Path parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw Refusal.invalid("path is empty");
        }
        if (raw.indexOf('\0') >= 0) {
            throw Refusal.invalid("path contains a NUL byte");
        }
        Path path;
        try {
            path = Path.of(raw);
        } catch (InvalidPathException e) {
            throw Refusal.invalid("invalid path: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw Refusal.invalid("path must be absolute: " + Printable.of(raw, 200));
        }
        return path.normalize();
    }

    /** The real path of an existing file or directory, admitted by allowed_paths. */
    public Path realExisting(Path requested) {
        Path real;
        try {
            real = realPath(requested);
        } catch (Refusal missing) {
            // Whether something exists outside allowed_paths is not this agent's to tell.
            Path projected = projected(requested);
            if (!allows(projected)) {
                throw outside(requested, projected);
            }
            throw missing;
        }
        requireAllowed(requested, real);
        return real;
    }

    /** Where requested would really be: the real path of its deepest resolvable ancestor, then its remaining names. */
    public Path projected(Path requested) {
        List<String> rest = new ArrayList<>();
        Path current = requested;
        while (current != null) {
            try {
                Path result = current.toRealPath();
                for (String name : rest) {
                    result = result.resolve(name);
                }
                return result;
            } catch (IOException e) {
                if (current.getFileName() == null) {
                    break;
                }
                rest.add(0, current.getFileName().toString());
                current = current.getParent();
            }
        }
        return requested;
    }

    /** An existing directory (an exec's working directory), admitted by allowed_paths. */
    public Path requireDirectory(String raw) {
        Path requested = parse(raw);
        Path real = realExisting(requested);
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw Refusal.invalid("not a directory: " + requested);
        }
        return real;
    }

    /** Whether a real path lies under one of the allowed paths (compared as real paths, component by component). */
    public boolean allows(Path real) {
        if (roots.isEmpty()) {
            return true;
        }
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    public void requireAllowed(Path requested, Path real) {
        if (!allows(real)) {
            throw outside(requested, real);
        }
    }

    public Refusal outside(Path requested, Path real) {
        if (real.equals(requested)) {
            return Refusal.denied("path " + requested + " is outside allowed_paths");
        }
        return Refusal.denied("path " + requested + " resolves to " + real + ", outside allowed_paths");
    }

    /** toRealPath with refusals for what is missing or unreadable. */
    public Path realPath(Path requested) {
        try {
            return requested.toRealPath();
        } catch (NoSuchFileException | NotDirectoryException e) {
            throw Refusal.notFound("no such file: " + requested);
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (FileSystemLoopException e) {
            throw Refusal.invalid("too many levels of symbolic links: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition("cannot resolve " + requested + ": " + IoReasons.of(e));
        }
    }

    private static Path realRoot(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

}
