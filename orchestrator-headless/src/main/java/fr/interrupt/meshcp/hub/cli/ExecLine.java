package fr.interrupt.meshcp.hub.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words of {@code exec MACHINES -- CMD [ARGS]} split at the {@code --}: machine names before it
 * (each a name or a comma-separated list), the command after it. Everything after the first
 * {@code --} belongs to the command, including further {@code --} and words that look like options.
 */
record ExecLine(List<String> machines, List<String> command) {
    static final String DELIMITER = "--";

    /**
     * {@code positionals} are the positional words as parsed; {@code args} the command's arguments as
     * typed, which tell where the {@code --} was. Returns null when there is no {@code --}.
     */
    static ExecLine split(List<String> positionals, List<String> args) {
        int at = args.indexOf(DELIMITER);
        if (at < 0) {
            return null;
        }
        int commandWords = args.size() - at - 1;
        int machineWords = Math.max(0, positionals.size() - commandWords);
        return new ExecLine(names(positionals.subList(0, machineWords)),
                List.copyOf(positionals.subList(machineWords, positionals.size())));
    }

    /** "a,b" "c" → a, b, c; blanks dropped, duplicates removed, order kept. */
    static List<String> names(List<String> words) {
        Set<String> names = new LinkedHashSet<>();
        for (String word : words) {
            for (String name : word.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return new ArrayList<>(names);
    }
}
