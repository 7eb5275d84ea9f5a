package fr.interrupt.meshcp.desktop.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Map;
import java.util.prefs.Preferences;
import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The app's appearance: AtlantaFX Primer light or dark, chosen by the user or following the system.
 * The chosen mode is remembered (java.util.prefs) when a preferences node is given.
 */
public final class Theme {
    private static final String KEY = "theme";

    private final ObjectProperty<ThemeMode> mode = new SimpleObjectProperty<>(ThemeMode.SYSTEM);
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper();
    private final Preferences preferences;
    private volatile boolean systemPrefersDark;

    /** {@code systemPrefersDark} from {@link SystemTheme#prefersDark(Map)}, detected before the window opens. */
    public Theme(ThemeMode initial, boolean systemPrefersDark, Preferences preferences) {
        this.preferences = preferences;
        this.systemPrefersDark = systemPrefersDark;
        mode.set(initial);
        mode.addListener((obs, old, now) -> {
            apply();
            if (preferences != null) {
                preferences.put(KEY, now.name());
            }
        });
    }

    /** The mode saved by a previous run, or SYSTEM. */
    public static ThemeMode saved(Preferences preferences) {
        return preferences == null ? ThemeMode.SYSTEM : ThemeMode.parse(preferences.get(KEY, "SYSTEM"));
    }

    /** The user's choice; writable on purpose (the theme switch binds to it). */
    public ObjectProperty<ThemeMode> modeProperty() {
        return mode;
    }

    public ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    public void systemPrefersDark(boolean value) {
        systemPrefersDark = value;
        apply();
    }

    /** Installs the user-agent stylesheet for the current mode. Call on the FX thread. */
    public void apply() {
        boolean useDark = switch (mode.get()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> systemPrefersDark;
        };
        dark.set(useDark);
        Application.setUserAgentStylesheet(useDark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}
