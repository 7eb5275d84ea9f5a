package fr.interrupt.meshcp.desktop;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this process can open a window, in one sentence when it cannot. On Linux and the BSDs a window needs an
 * X11 server ({@code DISPLAY}) or a Wayland compositor ({@code WAYLAND_DISPLAY}); macOS and Windows always have a
 * desktop session for a logged-in user, so only the first check applies there. JavaFX's GTK toolkit reports a
 * {@code DISPLAY} it cannot reach with an {@link UnsupportedOperationException} "Unable to open DISPLAY".
 */
final class DisplayCheck {
    static final String HEADLESS_HINT = "use orchestrator-headless for the command line";
    private static final String GTK_NO_DISPLAY = "Unable to open DISPLAY";

    private DisplayCheck() {
    }

    /** The sentence to print when {@code env} names no display on an X11/Wayland system ({@code osName} as in os.name), else empty. */
    static Optional<String> missing(Map<String, String> env, String osName) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean x11OrWayland = os.contains("linux") || os.contains("bsd") || os.contains("sunos");
        if (!x11OrWayland || !blank(env.get("DISPLAY")) || !blank(env.get("WAYLAND_DISPLAY"))) {
            return Optional.empty();
        }
        return Optional.of("orchestrator-desktop needs a graphical display (none found: DISPLAY and WAYLAND_DISPLAY are unset); "
                + HEADLESS_HINT);
    }

    /** The sentence for a launch that failed because the display named in {@code env} cannot be opened, else empty. */
    static Optional<String> unreachable(Throwable launchFailure, Map<String, String> env) {
        for (Throwable t = launchFailure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(GTK_NO_DISPLAY)) {
                String display = env.getOrDefault("DISPLAY", "");
                String which = blank(display) ? "the display" : "the display DISPLAY=" + display;
                return Optional.of("orchestrator-desktop cannot open " + which + " (is the X server running, and may this user "
                        + "connect to it?); " + HEADLESS_HINT);
            }
        }
        return Optional.empty();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
