package fr.interrupt.meshcp.shared;

import fr.interrupt.meshcp.shared.text.Printable;
import java.util.regex.Pattern;

/** The one rule for machine names: a DNS label, lowercase. */
public final class MachineName {
    private static final Pattern VALID = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");

    private MachineName() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Returns the name, or throws with a sentence that says what a valid name looks like. */
    public static String require(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid machine name \"" + Printable.of(name, 70)
                    + "\": use 1 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit");
        }
        return name;
    }
}
