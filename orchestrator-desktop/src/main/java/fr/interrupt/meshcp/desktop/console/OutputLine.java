package fr.interrupt.meshcp.desktop.console;

/** One line of a command's output; {@code open} while it has no newline yet (it may still grow). */
public record OutputLine(Kind kind, String text, boolean open) {
    public enum Kind {
        STDOUT,
        STDERR,
        /** A note of the app's own: "… 1200 earlier lines dropped". */
        NOTE
    }
}
