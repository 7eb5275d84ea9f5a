package fr.interrupt.meshcp.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Makes the FileMeta of an entry a walk holds (never following it if it is a symlink), and names special file types ("character device", "FIFO"...). */
public final class FileMetas {
    private static final int S_IFMT = 0170000;

    private FileMetas() {
    }

    /**
     * The FileMeta of an entry a {@link PathWalk} holds: type, size, permissions and time from its lstat in the held
     * directory; the setuid/setgid/sticky bits, the kind of a special file and a symlink's target from {@link EntryFacts}
     * and readlink by path, kept only while that path still names the same file (else the lstat's facts alone).
     *
     * @param held        the entry's lstat (fstatat in the held directory)
     * @param real        its real path as walked
     * @param name        the name to show
     * @param displayPath the path to show (what the client asked for, or the entry's path under it)
     */
    static FileMeta of(PosixFileAttributes held, Path real, String name, String displayPath) {
        EntryFacts facts = EntryFacts.readOrNull(real, held);
        FileMeta.Kind kind = facts != null ? kind(facts.mode()) : held.isSymbolicLink() ? FileMeta.Kind.SYMLINK
                : held.isDirectory() ? FileMeta.Kind.DIRECTORY : held.isRegularFile() ? FileMeta.Kind.REGULAR : FileMeta.Kind.OTHER;
        String description = facts != null ? describe(facts.mode()) : switch (kind) {
            case REGULAR -> "regular file";
            case DIRECTORY -> "directory";
            case SYMLINK -> "symlink";
            case OTHER -> "special file";
        };
        int mode = facts != null ? facts.mode() & 07777 : permissionBits(held.permissions());
        String target = kind == FileMeta.Kind.SYMLINK ? linkTarget(real, held) : "";
        return new FileMeta(name, displayPath, kind, description, held.size(), mode, held.lastModifiedTime().toMillis(), target);
    }

    /** readlink of real, kept only when real is still the link whose lstat is held; empty otherwise. */
    private static String linkTarget(Path real, PosixFileAttributes held) {
        try {
            String target = Files.readSymbolicLink(real).toString();
            return EntryFacts.readOrNull(real, held) != null ? target : "";
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }

    static FileMeta.Kind kind(int mode) {
        switch (mode & S_IFMT) {
            case 0100000:
                return FileMeta.Kind.REGULAR;
            case 0040000:
                return FileMeta.Kind.DIRECTORY;
            case 0120000:
                return FileMeta.Kind.SYMLINK;
            default:
                return FileMeta.Kind.OTHER;
        }
    }

    static String describe(int mode) {
        switch (mode & S_IFMT) {
            case 0100000:
                return "regular file";
            case 0040000:
                return "directory";
            case 0120000:
                return "symlink";
            case 0020000:
                return "character device";
            case 0060000:
                return "block device";
            case 0010000:
                return "FIFO";
            case 0140000:
                return "socket";
            default:
                return "special file";
        }
    }

    public static int permissionBits(Set<PosixFilePermission> permissions) {
        int bits = 0;
        for (PosixFilePermission p : permissions) {
            bits |= 1 << (8 - p.ordinal());
        }
        return bits;
    }

    public static Set<PosixFilePermission> permissions(int bits) {
        Set<PosixFilePermission> result = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - p.ordinal()))) != 0) {
                result.add(p);
            }
        }
        return result;
    }
}
