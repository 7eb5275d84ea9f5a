package fr.interrupt.meshcp.hub.policy;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the hub lets MCP callers (Claude) do on a machine, on top of the machine's own agent.yaml, which stays the hard
 * limit: the hub can only narrow it.
 */
public enum PolicyMode {
    /** Only reads: list_machines, ping, system_status, read_file, list_files and the job reads. */
    READ_ONLY("read-only"),
    /** Reads as in {@link #ALLOW}; a command waits for a person at the hub to approve it. */
    ASK("ask"),
    /** Everything the agent allows (the default of a new hub: Claude Code asks the person before each call). */
    ALLOW("allow");

    private final String label;

    PolicyMode(String label) {
        this.label = label;
    }

    /** The word people type and read: "read-only", "ask", "allow". */
    public String label() {
        return label;
    }

    /**
     * The mode named {@code text} (case-insensitive).
     *
     * @throws MeshcpException INVALID_INPUT naming the three modes
     */
    public static PolicyMode parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (PolicyMode mode : values()) {
            if (mode.label.equals(wanted)) {
                return mode;
            }
        }
        throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "unknown policy mode \""
                + fr.interrupt.meshcp.shared.text.Printable.of(wanted, 40) + "\": use one of " + labels());
    }

    /** "read-only, ask, allow". */
    public static String labels() {
        return Arrays.stream(values()).map(PolicyMode::label).collect(Collectors.joining(", "));
    }
}
