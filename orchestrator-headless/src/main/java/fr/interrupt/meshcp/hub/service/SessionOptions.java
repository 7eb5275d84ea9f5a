package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.Map;

/**
 * A command that reads input (ExecSession): {@code exec} as for any command, whether the caller streams stdin, and the
 * pseudo-terminal to run it on (null: none). A null {@code exec} asks for a login shell, which needs a terminal.
 * The agent enforces its own policy whatever is asked here (allowed_commands refuses a login shell).
 */
public record SessionOptions(ExecOptions exec, boolean stdin, TerminalOptions terminal) {
    public SessionOptions {
        if (exec == null && terminal == null) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "missing command");
        }
    }

    /** The command, or "" for a login shell. */
    public String command() {
        return exec == null ? "" : exec.command();
    }

    /** The timeout asked for, or null for the agent's max_timeout_seconds. */
    public Duration timeout() {
        return exec == null ? null : exec.timeout();
    }

    /**
     * A pseudo-terminal: TERM (empty: the agent's default, xterm) and the window size in character cells (1 to 1000
     * each; 0 for the agent's default 24 x 80).
     */
    public record TerminalOptions(String term, int rows, int columns) {
        public TerminalOptions {
            term = term == null ? "" : term;
            rows = clamp(rows);
            columns = clamp(columns);
        }

        /** Sizes outside 1..1000 (a terminal that reports none) become 0: the agent's default. */
        private static int clamp(int cells) {
            return cells < 1 || cells > 1000 ? 0 : cells;
        }
    }

    /** For the audit line. */
    Map<String, Object> auditFlags() {
        return terminal != null ? Map.of("pty", true, "stdin", true) : Map.of("stdin", stdin);
    }
}
