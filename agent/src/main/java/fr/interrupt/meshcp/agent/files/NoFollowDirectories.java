package fr.interrupt.meshcp.agent.files;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * mkdirat for what the JDK's {@link java.nio.file.SecureDirectoryStream} lacks: creating a directory. The parent is
 * reached by {@code openat(fd, name, O_RDONLY|O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC)} one name at a time from {@code /}
 * (through JNA, already loaded for the shell's process trees), so a directory of the path swapped for a symlink
 * fails the walk (ELOOP, ENOTDIR) instead of moving the new directory elsewhere, and a FIFO swapped in fails it without
 * blocking (O_DIRECTORY). Flag values are those of the platform's fcntl.h: Linux's generic ones (x86, x86-64, RISC-V,
 * s390), Linux on ARM, AArch64 and PowerPC, and macOS; elsewhere directories are not created.
 */
final class NoFollowDirectories {
    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int ENOSPC = 28;
    private static final int EROFS = 30;
    private static final int ELOOP_LINUX = 40;
    private static final int ELOOP_MACOS = 62;
    private static final Flags FLAGS = Flags.forPlatform();
    /** Any descriptor: openat ignores it for an absolute path. */
    private static final int AT_FDCWD_UNUSED = -1;
    private static volatile LibC libc;

    private NoFollowDirectories() {
    }

    /** The libc calls used, with file names as NUL-terminated bytes in the JDK's file name encoding. */
    interface LibC extends Library {
        int openat(int dirfd, byte[] path, int flags) throws LastErrorException;

        int mkdirat(int dirfd, byte[] path, int mode) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    /** open(2) flags of this platform. */
    private record Flags(int directory, int noFollow, int closeOnExec) {
        static Flags forPlatform() {
            if (Platform.isLinux()) {
                if (Platform.isARM() || Platform.isPPC()) {
                    return new Flags(040000, 0100000, 02000000);
                }
                if (Platform.isIntel() || Platform.ARCH.startsWith("riscv") || Platform.ARCH.startsWith("s390")) {
                    return new Flags(0200000, 0400000, 02000000);
                }
                return null;
            }
            if (Platform.isMac()) {
                return new Flags(0x100000, 0x100, 0x1000000);
            }
            return null;
        }
    }

    /**
     * Creates name (mode 0777 less the umask, as mkdir(1)) in the directory at parent, reached without following a
     * symlink; an existing entry of that name is left as it is (the caller opens it and checks what it is).
     *
     * @param parent a real path (no symlink in it), as a {@link PathWalk} reached it
     * @throws IOException when a name of parent is no longer a directory (changed since the walk), cannot be searched,
     *                     or the directory cannot be made
     */
    static void create(Path parent, String name) throws IOException {
        LibC c = libc();
        int flags = FLAGS.directory() | FLAGS.noFollow() | FLAGS.closeOnExec();
        int fd = -1;
        try {
            fd = c.openat(AT_FDCWD_UNUSED, bytes("/"), flags);
            for (Path each : parent) {
                int next = c.openat(fd, bytes(each.toString()), flags);
                closeQuietly(c, fd);
                fd = next;
            }
        } catch (LastErrorException e) {
            closeQuietly(c, fd);
            throw exception(e.getErrorCode(), parent);
        }
        try {
            c.mkdirat(fd, bytes(name), 0777);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != EEXIST) {
                throw exception(e.getErrorCode(), parent.resolve(name));
            }
        } finally {
            closeQuietly(c, fd);
        }
    }

    private static IOException exception(int errno, Path path) {
        switch (errno) {
            case EACCES:
                return new AccessDeniedException(path.toString());
            case EEXIST:
                return new FileAlreadyExistsException(path.toString());
            case ENOENT:
                return new java.nio.file.NoSuchFileException(path.toString());
            case ENOTDIR:
            case ELOOP_LINUX:
            case ELOOP_MACOS:
                // a name of the path is no longer the directory the walk saw
                return new FileSystemException(path.toString(), null, "a directory of its path was replaced meanwhile");
            case ENOSPC:
                return new FileSystemException(path.toString(), null, "no space left on device");
            case EROFS:
                return new FileSystemException(path.toString(), null, "read-only file system");
            default:
                return new FileSystemException(path.toString(), null, "the system refused it (errno " + errno + ")");
        }
    }

    private static byte[] bytes(String name) {
        byte[] encoded = name.getBytes(jnuCharset());
        return Arrays.copyOf(encoded, encoded.length + 1);
    }

    private static Charset jnuCharset() {
        String name = System.getProperty("sun.jnu.encoding");
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (RuntimeException e) {
            return Charset.defaultCharset();
        }
    }

    private static LibC libc() throws IOException {
        if (FLAGS == null) {
            throw new IOException("directories cannot be created safely on this platform");
        }
        LibC loaded = libc;
        if (loaded == null) {
            try {
                loaded = Native.load("c", LibC.class);
            } catch (UnsatisfiedLinkError e) {
                throw new IOException("directories cannot be created safely on this system: the C library did not load", e);
            }
            libc = loaded;
        }
        return loaded;
    }

    private static void closeQuietly(LibC c, int fd) {
        if (fd >= 0) {
            try {
                c.close(fd);
            } catch (LastErrorException e) {
                // a directory opened for searching: nothing to flush
            }
        }
    }
}
