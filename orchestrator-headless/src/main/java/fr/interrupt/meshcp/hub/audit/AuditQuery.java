package fr.interrupt.meshcp.hub.audit;

/**
 * Which audit.log lines to show; each null or blank part matches every line.
 * <ul>
 *   <li>{@code machine}: the machine's exact name;</li>
 *   <li>{@code caller}: the exact caller ("mcp:alice") or its face alone ("mcp", "cli", "desktop");</li>
 *   <li>{@code action}: the exact action ("exec", "mcp:exec") or a prefix before ':' ("mcp" matches every MCP tool call).</li>
 * </ul>
 */
public record AuditQuery(String machine, String caller, String action) {
    /** Every line. */
    public static final AuditQuery ALL = new AuditQuery(null, null, null);

    public AuditQuery {
        machine = blankToNull(machine);
        caller = blankToNull(caller);
        action = blankToNull(action);
    }

    /** True when {@code entry} passes every part of this query. */
    public boolean matches(AuditEntry entry) {
        return (machine == null || machine.equals(entry.machine()))
                && matchesPrefixed(caller, entry.caller())
                && matchesPrefixed(action, entry.action());
    }

    /** True when nothing is filtered. */
    public boolean isAll() {
        return machine == null && caller == null && action == null;
    }

    private static boolean matchesPrefixed(String wanted, String value) {
        return wanted == null || value.equals(wanted) || value.startsWith(wanted + ":");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
