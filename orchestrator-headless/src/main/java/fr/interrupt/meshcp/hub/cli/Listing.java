package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.shared.text.FileModes;
import fr.interrupt.meshcp.shared.text.Printable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One line of `ls`, like {@code ls -l}: type and permission bits, size in bytes, modification time
 * (in the given zone), name, and {@code -> target} for a symlink. Fixed column widths, so a listing
 * prints page by page without holding the whole directory.
 */
final class Listing {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private Listing() {
    }

    static String line(FileInfo info, ZoneId zone) {
        String name = info.getName().isEmpty() ? info.getPath() : info.getName();
        String link = info.getType() == FileType.SYMLINK ? " -> " + info.getSymlinkTarget() : "";
        return String.format(Locale.ROOT, "%s %12d  %s  %s%s", mode(info.getType(), info.getMode()), info.getSize(),
                TIME.format(Instant.ofEpochMilli(info.getModifiedMillis()).atZone(zone)), Printable.of(name), Printable.of(link));
    }

    /** "drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx", "drwxrwxrwt"... ('?' for a type other than file, directory or link). */
    static String mode(FileType type, int mode) {
        char letter = switch (type) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case REGULAR -> '-';
            default -> '?';
        };
        return FileModes.format(letter, mode);
    }
}
