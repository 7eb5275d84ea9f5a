package fr.interrupt.meshcp.agent.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells when an existing file must be rewritten in place rather than replaced by a rename: a rename gives the
 * path a new inode, so other hard links to the old one, or a bind mount of the single file (what
 * {@code docker run -v FILE:FILE} makes), would keep the old content. The reason is a short phrase for the
 * result ("3 links", "bind mount"), null when a rename is right.
 */
final class InPlaceTargets {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private InPlaceTargets() {
    }

    /**
     * Why a held file (see {@link PathWalk}) needs an in-place write; null when it does not.
     *
     * @param file      the file's facts, read from the held file
     * @param directory the facts of the held directory that contains it (null when unknown)
     * @param real      the file's walked real path, looked up in /proc/self/mountinfo
     */
    static String reason(EntryFacts file, EntryFacts directory, Path real) {
        if (file.links() > 1) {
            return file.links() + " links";
        }
        if ((directory != null && directory.device() != file.device()) || isMountPoint(real)) {
            return "bind mount";
        }
        return null;
    }

    /** True when /proc/self/mountinfo lists {@code file} as a mount point (proc(5): field 5, octal escapes). */
    static boolean isMountPoint(Path file) {
        if (!Files.isReadable(MOUNTINFO)) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8);
            String wanted = file.toString();
            for (String line : lines) {
                String[] fields = line.split(" ");
                if (fields.length > 4 && unescape(fields[4]).equals(wanted)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Undoes the kernel's octal escapes in mountinfo paths (\040 space, \011 tab, \012 newline, \134 backslash). */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && isOctal(field.charAt(i + 1)) && isOctal(field.charAt(i + 2)) && isOctal(field.charAt(i + 3))) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
