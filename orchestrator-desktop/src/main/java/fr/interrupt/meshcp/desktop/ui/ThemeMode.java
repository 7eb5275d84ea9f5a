package fr.interrupt.meshcp.desktop.ui;

import java.util.Locale;

/** Light, dark, or whatever the operating system prefers. */
public enum ThemeMode {
    SYSTEM,
    LIGHT,
    DARK;

    public static ThemeMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return SYSTEM;
        }
    }
}
