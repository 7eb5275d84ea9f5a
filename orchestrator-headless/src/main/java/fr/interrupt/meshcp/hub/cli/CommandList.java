package fr.interrupt.meshcp.hub.cli;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The top-level help's "Commands:" section with the subcommands of subcommands too ({@code token create},
 * {@code machines remove}...), each with the first line of its description.
 */
final class CommandList {
    private CommandList() {
    }

    /** Replaces {@code cli}'s command list with the whole tree of its commands. */
    static void install(CommandLine cli) {
        cli.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_COMMAND_LIST, CommandList::render);
    }

    static String render(Help help) {
        Map<String, String> rows = new LinkedHashMap<>();
        collect("", help.commandSpec().commandLine(), rows);
        if (rows.isEmpty()) {
            return "";
        }
        int names = rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        int width = help.commandSpec().usageMessage().width();
        TextTable table = TextTable.forColumns(help.colorScheme(),
                new Column(names, 2, Column.Overflow.SPAN), new Column(Math.max(20, width - names), 1, Column.Overflow.WRAP));
        rows.forEach(table::addRowValues);
        return table.toString();
    }

    /** The header if any (picocli's help command has one), else the first line of the description. */
    private static String summary(UsageMessageSpec usage) {
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        for (String line : lines) {
            String text = String.format(line).strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "";
    }

    private static void collect(String prefix, CommandLine parent, Map<String, String> rows) {
        Map<CommandLine, Boolean> seen = new IdentityHashMap<>();
        for (CommandLine sub : parent.getSubcommands().values()) {
            if (seen.put(sub, Boolean.TRUE) != null || sub.getCommandSpec().usageMessage().hidden()) {
                continue;
            }
            String name = prefix + sub.getCommandName();
            rows.put(name, summary(sub.getCommandSpec().usageMessage()));
            collect(name + " ", sub, rows);
        }
    }
}
