package fr.interrupt.meshcp.desktop.console;

import java.util.ArrayList;
import java.util.List;

/** Commands run from the console, walked with up and down like a shell's history. */
public final class CommandHistory {
    private static final int MAX = 200;
    private final List<String> entries = new ArrayList<>();
    private int cursor;

    public void add(String command) {
        if (command == null || command.isBlank()) {
            return;
        }
        entries.remove(command);
        entries.add(command);
        if (entries.size() > MAX) {
            entries.remove(0);
        }
        cursor = entries.size();
    }

    /** The previous command (Up), or null at the oldest. */
    public String previous() {
        if (entries.isEmpty()) {
            return null;
        }
        cursor = Math.max(0, cursor - 1);
        return entries.get(cursor);
    }

    /** The next command (Down); "" past the newest. */
    public String next() {
        if (cursor >= entries.size() - 1) {
            cursor = entries.size();
            return "";
        }
        cursor++;
        return entries.get(cursor);
    }

    public List<String> entries() {
        return List.copyOf(entries);
    }
}
