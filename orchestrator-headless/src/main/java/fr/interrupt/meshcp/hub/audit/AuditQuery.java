package fr.interrupt.meshcp.hub.audit;

import java.util.Locale;

/**
 * Which audit.log lines to show; each null or blank part matches every line.
 * <ul>
 *   <li>{@code machine}: the machine's exact name;</li>
 *   <li>{@code caller}: the exact caller ("mcp:alice") or its face alone ("mcp", "cli", "desktop");</li>
 *   <li>{@code action}: the exact action ("exec", "mcp:exec") or a prefix before ':' ("mcp" matches every MCP tool call);</li>
 *   <li>{@code text}: found, ignoring case, in the caller, action, machine or any detail (a command, a path).</li>
 * </ul>
 */
public record AuditQuery(String machine, String caller, String action, String text) {
    /** Every line. */
    public static final AuditQuery ALL = new AuditQuery(null, null, null, null);

    public AuditQuery {
        machine = blankToNull(machine);
        caller = blankToNull(caller);
        action = blankToNull(action);
        text = blankToNull(text) == null ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** Machine, caller and action only (the CLI's filters). */
    public AuditQuery(String machine, String caller, String action) {
        this(machine, caller, action, null);
    }

    /** True when {@code entry} passes every part of this query. */
    public boolean matches(AuditEntry entry) {
        return (machine == null || machine.equals(entry.machine()))
                && matchesPrefixed(caller, entry.caller())
                && matchesPrefixed(action, entry.action())
                && (text == null || containsText(entry));
    }

    /** True when nothing is filtered. */
    public boolean isAll() {
        return machine == null && caller == null && action == null && text == null;
    }

    private boolean containsText(AuditEntry entry) {
        return contains(entry.caller()) || contains(entry.action()) || contains(entry.machine())
                || entry.details().values().stream().anyMatch(this::contains);
    }

    private boolean contains(String value) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(text);
    }

    private static boolean matchesPrefixed(String wanted, String value) {
        return wanted == null || value.equals(wanted) || value.startsWith(wanted + ":");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
