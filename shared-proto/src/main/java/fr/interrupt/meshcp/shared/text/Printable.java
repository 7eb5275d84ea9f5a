package fr.interrupt.meshcp.shared.text;

/**
 * Untrusted text (a name, a path, a peer's message) made safe to show on a terminal, in a log line or in a
 * window. One rule: every control character (newline, escape, NUL...), format character (such as a
 * right-to-left override), line or paragraph separator, lone surrogate and unassigned code point becomes
 * '?', as {@code ls} shows odd names on a terminal. Everything else, including non-ASCII letters, is kept.
 */
public final class Printable {
    private static final String ELLIPSIS = "...";

    private Printable() {
    }

    /** {@code text} with every non-printable code point replaced by '?'; "" for null. */
    public static String of(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(isPrintable(c) ? c : '?'));
        return out.toString();
    }

    /**
     * Like {@link #of(String)}, cut to at most {@code maxCodePoints} code points, with "..." appended when
     * something was cut (so the result is at most {@code maxCodePoints + 3} long).
     *
     * @throws IllegalArgumentException if {@code maxCodePoints} is negative
     */
    public static String of(String text, int maxCodePoints) {
        if (maxCodePoints < 0) {
            throw new IllegalArgumentException("maxCodePoints must be 0 or more, not " + maxCodePoints);
        }
        String safe = of(text);
        if (safe.codePointCount(0, safe.length()) <= maxCodePoints) {
            return safe;
        }
        return safe.substring(0, safe.offsetByCodePoints(0, maxCodePoints)) + ELLIPSIS;
    }

    /** Whether {@code codePoint} is shown as itself by {@link #of(String)}. */
    public static boolean isPrintable(int codePoint) {
        switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE, Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
