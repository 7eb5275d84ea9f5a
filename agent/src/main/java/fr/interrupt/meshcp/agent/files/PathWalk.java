package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Walks an absolute path from {@code /} one name at a time with openat-style calls that never follow a symlink: the
 * JDK's {@link SecureDirectoryStream} (on Linux: {@code openat(dirfd, name, O_RDONLY|O_NOFOLLOW)} for each directory,
 * {@code fstatat(dirfd, name, AT_SYMLINK_NOFOLLOW)} for each entry). Every directory on the way is held open by
 * descriptor, so no name is resolved again between the check and the use: swapping a directory of the path for a
 * symlink after it was opened changes nothing for this walk, and a symlink met on the way is never crossed by the
 * kernel but followed here, the way path resolution does (path_resolution(7)): its target (readlink) is walked again
 * from {@code /} when absolute, from the directory holding the link when relative, at most {@value #MAX_SYMLINKS}
 * times (Linux's MAXSYMLINKS). The path the walk reached is therefore a real path, made of the names it opened, and
 * is what callers compare with allowed_paths and the agent's own files.
 *
 * <p>An entry that changes between its lstat and its open (a directory swapped for a symlink) is looked at again, at
 * most {@value #MAX_RETRIES} times. Residual: the open of a directory is {@code O_RDONLY} without {@code O_NONBLOCK}
 * (the JDK has no such option), so a FIFO swapped in for a directory between its lstat and its open blocks that call.
 */
final class PathWalk {
    /** Symlinks followed in one walk, as Linux's MAXSYMLINKS (40). */
    static final int MAX_SYMLINKS = 40;
    /** Entries looked at again because they changed between lstat and open. */
    static final int MAX_RETRIES = 100;
    private static final Path ROOT = Path.of("/");

    /** What to do with a symlink as the path's last name. */
    enum LastName { FOLLOW, NO_FOLLOW }

    private final Path requested;
    private final LastName last;
    private final Deque<String> pending;
    private final Deque<Held> held = new ArrayDeque<>();
    private int links;
    private int retries;
    private boolean finalLinkFollowed;

    private PathWalk(Path requested, LastName last) {
        this.requested = requested;
        this.last = last;
        this.pending = new ArrayDeque<>(names(requested));
    }

    /**
     * Walks requested (absolute and normalised) from {@code /}.
     *
     * @throws Refusal too many symlinks (INVALID_ARGUMENT), a directory on the way that cannot be searched
     *                 (PERMISSION_DENIED), a path that kept changing, or a system without openat (FAILED_PRECONDITION)
     */
    static Walked walk(Path requested, LastName last) {
        PathWalk walk = new PathWalk(requested, last);
        try {
            return walk.run();
        } catch (RuntimeException e) {
            closeAll(walk.held);
            throw e;
        }
    }

    private Walked run() {
        held.push(root());
        while (!pending.isEmpty()) {
            String name = pending.removeFirst();
            if (name.equals("..")) {
                if (held.size() > 1) {
                    held.pop().close();
                }
                continue;
            }
            Walked end = step(name);
            if (end != null) {
                return end;
            }
        }
        Held reached = held.pop();
        closeAll(held);
        return new Walked(reached.stream(), reached.path(), null, fstat(reached.stream(), requested), List.of(), false, finalLinkFollowed);
    }

    /** One name in the directory on top: the end of the walk, or null to go on (link followed, directory entered). */
    private Walked step(String name) {
        Held top = held.peek();
        PosixFileAttributes attributes = lstat(top.stream(), name, requested);
        if (attributes == null) {
            return stop(name, false);
        }
        boolean lastName = pending.isEmpty();
        if (attributes.isSymbolicLink() && (!lastName || last == LastName.FOLLOW)) {
            follow(top, name, lastName);
            return null;
        }
        if (lastName) {
            Held parent = held.pop();
            closeAll(held);
            return new Walked(parent.stream(), parent.path(), name, attributes, List.of(), false, finalLinkFollowed);
        }
        if (!attributes.isDirectory()) {
            return stop(name, true);
        }
        try {
            held.push(new Held(top.stream().newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS), top.path().resolve(name)));
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException changed) {
            // swapped for a symlink, a file or nothing since the lstat above: look at it again
            lookAgain(name);
        }
        return null;
    }

    /** Puts the link's target in place of its name: walked from / when absolute, from the link's directory otherwise. */
    private void follow(Held top, String name, boolean lastName) {
        Path target;
        try {
            target = Files.readSymbolicLink(top.path().resolve(name));
        } catch (IOException changed) {
            lookAgain(name);
            return;
        }
        if (++links > MAX_SYMLINKS) {
            throw Refusal.invalid("too many levels of symbolic links: " + requested);
        }
        finalLinkFollowed |= lastName;
        List<String> targetNames = names(target);
        for (int i = targetNames.size() - 1; i >= 0; i--) {
            pending.addFirst(targetNames.get(i));
        }
        if (target.isAbsolute()) {
            while (held.size() > 1) {
                held.pop().close();
            }
        }
    }

    private void lookAgain(String name) {
        if (++retries > MAX_RETRIES) {
            throw Refusal.precondition(requested + " kept changing while it was being opened: try again");
        }
        pending.addFirst(name);
    }

    /** The walk ends at a missing name (or one that is a file where a directory is needed) in the directory on top. */
    private Walked stop(String name, boolean blockedByFile) {
        Held top = held.pop();
        closeAll(held);
        List<String> missing = new ArrayList<>();
        missing.add(name);
        missing.addAll(pending);
        return new Walked(top.stream(), top.path(), name, null, missing, blockedByFile, finalLinkFollowed);
    }

    /**
     * lstat of name in dir (fstatat with AT_SYMLINK_NOFOLLOW); null when there is no such entry.
     *
     * @throws Refusal PERMISSION_DENIED when dir cannot be searched, FAILED_PRECONDITION for any other failure
     */
    static PosixFileAttributes lstat(SecureDirectoryStream<Path> dir, String name, Path requested) {
        try {
            return dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            throw Refusal.denied("permission denied: " + requested);
        } catch (IOException e) {
            throw Refusal.precondition("cannot resolve " + requested + ": " + IoReasons.of(e));
        }
    }

    /** fstat of a held directory. */
    static PosixFileAttributes fstat(SecureDirectoryStream<Path> dir, Path requested) {
        try {
            return dir.getFileAttributeView(PosixFileAttributeView.class).readAttributes();
        } catch (IOException e) {
            throw Refusal.precondition("cannot resolve " + requested + ": " + IoReasons.of(e));
        }
    }

    private static Held root() {
        DirectoryStream<Path> stream;
        try {
            stream = Files.newDirectoryStream(ROOT);
        } catch (IOException e) {
            throw Refusal.precondition("cannot open /: " + IoReasons.of(e));
        }
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return new Held(secure, ROOT);
        }
        try {
            stream.close();
        } catch (IOException e) {
            // nothing was read from it
        }
        throw Refusal.precondition("files cannot be served on this system: its Java runtime cannot open paths without following "
                + "symbolic links (no openat), which the agent needs to keep to allowed_paths");
    }

    private static List<String> names(Path path) {
        List<String> names = new ArrayList<>();
        for (Path each : path) {
            String name = each.toString();
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        return names;
    }

    private static void closeAll(Deque<Held> held) {
        while (!held.isEmpty()) {
            held.pop().close();
        }
    }

    /** One directory of the walk, held open, and its path as walked. */
    private record Held(SecureDirectoryStream<Path> stream, Path path) {
        void close() {
            try {
                stream.close();
            } catch (IOException e) {
                // closing a directory opened for reading loses nothing
            }
        }
    }
}
