package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.Objects;

/**
 * What a walk's lstat does not give (the JDK's {@link java.nio.file.SecureDirectoryStream} offers only the basic and
 * POSIX views): the whole st_mode (file type, setuid/setgid/sticky), the link count and the device. They are read by
 * path, then kept only when that path still names the file the walk holds (same device and inode as its lstat), so a
 * swap in between can never lend another file's facts to the held one.
 *
 * @param mode   st_mode: type and permission bits
 * @param links  st_nlink
 * @param device st_dev
 */
record EntryFacts(int mode, int links, long device) {

    /** The path no longer names the file the walk holds. */
    static final class Changed extends IOException {
        private static final long serialVersionUID = 1L;

        Changed(Path path) {
            super(path + " changed while it was being checked: try again");
        }
    }

    /**
     * The facts of the file at real, which must be the file whose lstat is held.
     *
     * @throws Changed when real names another file (or none) now
     * @throws IOException when it cannot be read
     * @throws UnsupportedOperationException on a file system without the "unix" attribute view
     */
    static EntryFacts read(Path real, PosixFileAttributes held) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(real, "unix:mode,nlink,dev,fileKey", LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Changed(real);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedOperationException("no unix attributes", e);
        }
        if (held.fileKey() == null || !Objects.equals(held.fileKey(), a.get("fileKey"))) {
            throw new Changed(real);
        }
        return new EntryFacts((Integer) a.get("mode"), (Integer) a.get("nlink"), (Long) a.get("dev"));
    }

    /**
     * The facts a decision (hard links, own files, in-place writes) is made on: without unix attributes, the link
     * count is 1 (nothing to tell) and the device 0.
     *
     * @param action "read" or "write", for the refusal
     * @throws Refusal FAILED_PRECONDITION when the path names another file now ("… changed while it was being opened:
     *                 try again") or cannot be read
     */
    static EntryFacts forDecision(Path real, PosixFileAttributes held, Path requested, String action) {
        try {
            return read(real, held);
        } catch (Changed e) {
            throw Refusal.precondition(requested + " changed while it was being opened: try again");
        } catch (IOException e) {
            throw Refusal.precondition("cannot " + action + " " + requested + ": " + IoReasons.of(e));
        } catch (UnsupportedOperationException e) {
            return new EntryFacts(FileMetas.permissionBits(held.permissions()), 1, 0);
        }
    }

    /** The facts, or null when they cannot be had or the path names another file now (for display only, never for a decision). */
    static EntryFacts readOrNull(Path real, PosixFileAttributes held) {
        try {
            return read(real, held);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
