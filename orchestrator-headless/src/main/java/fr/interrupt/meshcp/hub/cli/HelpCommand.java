package fr.interrupt.meshcp.hub.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code help [COMMAND [SUBCOMMAND...]]}: the usage of the named command, at any depth ({@code help token create}).
 * picocli's own {@link CommandLine.HelpCommand} only looks one level down.
 */
@Command(name = "help", helpCommand = true,
        description = {"Display help information about the specified command (help token create).",
            "Without COMMAND, the usage of the whole program."})
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show usage help for the help command and exit.")
    boolean helpRequested;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command (and subcommands) to show the usage of.")
    String[] commands = new String[0];

    private CommandLine self;
    private Help.ColorScheme colors;
    private PrintWriter out;

    @Override
    public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(target, "unknown command '" + name + "'", null, name);
            }
            target = sub;
        }
        target.usage(out, colors);
    }
}
