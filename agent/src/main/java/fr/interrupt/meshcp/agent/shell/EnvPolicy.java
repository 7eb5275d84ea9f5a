package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the environment variables a request adds. Names must be plain identifiers; dynamic-loader variables
 * (LD_*, DYLD_*) are refused always. With allowed_commands set, only locale and terminal variables may be added:
 * many allowed programs would otherwise run arbitrary code from their environment (GIT_SSH_COMMAND, PAGER, BASH_ENV...).
 */
public final class EnvPolicy {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
    private static final Set<String> RESTRICTED_ALLOWED = Set.of("LANG", "LANGUAGE", "TZ", "TERM", "COLUMNS", "LINES", "NO_COLOR");

    private EnvPolicy() {
    }

    public static void check(Map<String, String> additions, boolean restricted) {
        for (Map.Entry<String, String> entry : additions.entrySet()) {
            String name = entry.getKey();
            if (!NAME.matcher(name).matches()) {
                throw Refusal.invalid("invalid environment variable name \"" + Printable.of(name, 80)
                        + "\": use letters, digits and underscores, not starting with a digit");
            }
            if (name.startsWith("LD_") || name.startsWith("DYLD_")) {
                throw Refusal.invalid("environment variable " + name + " is refused: it changes how programs are loaded");
            }
            if (entry.getValue().indexOf('\0') >= 0) {
                throw Refusal.invalid("environment variable " + name + " contains a NUL byte");
            }
            if (restricted && !RESTRICTED_ALLOWED.contains(name) && !name.startsWith("LC_")) {
                throw Refusal.denied("environment variable " + name + " is not allowed when allowed_commands is set"
                        + " (only LANG, LC_*, TZ, TERM, COLUMNS, LINES, NO_COLOR)");
            }
        }
    }
}
