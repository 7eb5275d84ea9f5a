package fr.interrupt.meshcp.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;

/** Reads a FileMeta without following a final symlink, and names special file types ("character device", "FIFO"...). */
public final class FileMetas {
    private static final int S_IFMT = 0170000;
    private static final boolean UNIX_VIEW = Files.getFileAttributeView(Path.of("/"), java.nio.file.attribute.PosixFileAttributeView.class) != null
            && supportsUnixView();

    private FileMetas() {
    }

    /** lstat of file; displayPath is what the client asked for (or the entry's path under it). */
    public static FileMeta read(Path file, String displayPath) throws IOException {
        String name = file.getFileName() == null ? "/" : file.getFileName().toString();
        if (UNIX_VIEW) {
            Map<String, Object> a = Files.readAttributes(file, "unix:mode,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            FileMeta.Kind kind = kind(mode);
            String target = kind == FileMeta.Kind.SYMLINK ? Files.readSymbolicLink(file).toString() : "";
            return new FileMeta(name, displayPath, kind, describe(mode), (Long) a.get("size"), mode & 07777,
                    ((FileTime) a.get("lastModifiedTime")).toMillis(), target);
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        FileMeta.Kind kind = a.isSymbolicLink() ? FileMeta.Kind.SYMLINK : a.isDirectory() ? FileMeta.Kind.DIRECTORY
                : a.isRegularFile() ? FileMeta.Kind.REGULAR : FileMeta.Kind.OTHER;
        String target = kind == FileMeta.Kind.SYMLINK ? Files.readSymbolicLink(file).toString() : "";
        int mode = 0;
        if (a instanceof PosixFileAttributes posix) {
            mode = permissionBits(posix.permissions());
        }
        return new FileMeta(name, displayPath, kind, kind == FileMeta.Kind.OTHER ? "special file" : kind.name().toLowerCase(java.util.Locale.ROOT),
                a.size(), mode, a.lastModifiedTime().toMillis(), target);
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

    private static boolean supportsUnixView() {
        try {
            Files.readAttributes(Path.of("/"), "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
