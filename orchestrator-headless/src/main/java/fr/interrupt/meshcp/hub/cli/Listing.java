package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
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
                TIME.format(Instant.ofEpochMilli(info.getModifiedMillis()).atZone(zone)), printable(name), printable(link));
    }

    /** "drwxr-xr-x", "-rwsr-xr-x", "lrwxrwxrwx", "drwxrwxrwt"... */
    static String mode(FileType type, int mode) {
        char[] text = new char[10];
        text[0] = switch (type) {
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case REGULAR -> '-';
            default -> '?';
        };
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text[1 + i] = (mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-';
        }
        special(text, 3, (mode & 04000) != 0, 's');
        special(text, 6, (mode & 02000) != 0, 's');
        special(text, 9, (mode & 01000) != 0, 't');
        return new String(text);
    }

    private static void special(char[] text, int at, boolean set, char letter) {
        if (set) {
            text[at] = text[at] == 'x' ? letter : Character.toUpperCase(letter);
        }
    }

    /** Control characters in names (a newline, an escape sequence) are shown as '?', like ls does on a terminal. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
