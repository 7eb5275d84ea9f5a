package fr.interrupt.meshcp.shared.text;

import java.util.Locale;

/** Unix permission bits (the low 12 bits: setuid, setgid, sticky, then rwx for user, group, other). */
public final class FileModes {
    /** The largest mode {@link #parseOctal} accepts. */
    public static final int MAX = 07777;

    private FileModes() {
    }

    /**
     * Like {@code ls -l}: a type letter ('d', 'l', '-', or any other) followed by {@link #permissions}, e.g.
     * "drwxrwxrwt", "-rwsr-xr-x".
     */
    public static String format(char type, int mode) {
        return type + permissions(mode);
    }

    /**
     * The nine permission letters with the special bits where {@code ls} shows them: "rwxr-xr-x";
     * setuid/setgid as 's' over an 'x' ('S' without it), sticky as 't' ('T').
     */
    public static String permissions(int mode) {
        char[] text = new char[9];
        String letters = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            text[i] = (mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-';
        }
        special(text, 2, (mode & 04000) != 0, 's');
        special(text, 5, (mode & 02000) != 0, 's');
        special(text, 8, (mode & 01000) != 0, 't');
        return new String(text);
    }

    /** Four octal digits, as chmod takes them: "0644", "4755". */
    public static String octal(int mode) {
        return String.format(Locale.ROOT, "%04o", mode & MAX);
    }

    /**
     * Parses octal permission bits: 1 to 4 octal digits with an optional leading "0" or "0o" ("644", "0644",
     * "0o644", "4755", "00755"), at most {@link #MAX}.
     *
     * @throws IllegalArgumentException with a sentence naming the accepted syntax (the text itself is not
     *     repeated: callers quote it as they see fit)
     */
    public static int parseOctal(String text) {
        String digits = text == null ? "" : text.strip();
        if (digits.startsWith("0o") || digits.startsWith("0O")) {
            digits = digits.substring(2);
        } else if (digits.length() == 5 && digits.startsWith("0")) {
            digits = digits.substring(1);
        }
        if (!digits.matches("[0-7]{1,4}")) {
            throw new IllegalArgumentException("permission bits are 1 to 4 octal digits, such as 0644 or 0755");
        }
        return Integer.parseInt(digits, 8);
    }

    private static void special(char[] text, int at, boolean set, char letter) {
        if (set) {
            text[at] = text[at] == 'x' ? letter : Character.toUpperCase(letter);
        }
    }
}
