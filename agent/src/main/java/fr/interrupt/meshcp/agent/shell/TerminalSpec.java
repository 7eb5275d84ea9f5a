package fr.interrupt.meshcp.agent.shell;

import fr.interrupt.meshcp.agent.Refusal;
import java.util.regex.Pattern;

/**
 * A pseudo-terminal as a caller asked for it: the TERM to set and the window size in character cells. Rows and columns
 * are 1 to {@value #MAX_CELLS}; 0 means the default {@value #DEFAULT_ROWS} x {@value #DEFAULT_COLUMNS}. TERM is a
 * terminfo name (letters, digits, {@code . _ + -}, at most 64), refused otherwise: it reaches the command's environment.
 */
public record TerminalSpec(String term, int rows, int columns) {
    public static final int MAX_CELLS = 1000;
    static final int DEFAULT_ROWS = 24;
    static final int DEFAULT_COLUMNS = 80;
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9._+-]{1,64}");

    public TerminalSpec {
        term = term == null || term.isEmpty() ? "xterm" : term;
        if (!TERM.matcher(term).matches()) {
            throw Refusal.invalid("terminal type must be a terminfo name (letters, digits, . _ + -), at most 64 characters");
        }
        rows = rows == 0 ? DEFAULT_ROWS : requireCells(rows, "rows");
        columns = columns == 0 ? DEFAULT_COLUMNS : requireCells(columns, "columns");
    }

    /** n when it is 1 to {@value #MAX_CELLS}, else INVALID_ARGUMENT naming what. */
    public static int requireCells(long n, String what) {
        if (n < 1 || n > MAX_CELLS) {
            throw Refusal.invalid("terminal " + what + " must be 1 to " + MAX_CELLS);
        }
        return (int) n;
    }
}
