package fr.interrupt.meshcp.hub.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command as the top-level help lists it: its name, header, description and hidden flag and those of its
 * subcommands, read from the {@code @Command} annotations alone. picocli's own model of a command reflects over every
 * field, option and mixin of its class (most of a cold {@code --help}'s time); this outline never runs and has no
 * options, so it stands in for the commands a run does not use ({@link CliFactory#createFor}).
 */
final class CommandOutline {
    private CommandOutline() {
    }

    /**
     * The outline of commandClass and its subcommands.
     *
     * @throws IllegalArgumentException when the class carries no {@code @Command} annotation
     */
    static CommandLine of(Class<?> commandClass) {
        Command command = commandClass.getAnnotation(Command.class);
        if (command == null) {
            throw new IllegalArgumentException(commandClass.getName() + " is not a picocli command");
        }
        CommandSpec spec = CommandSpec.create().name(command.name());
        spec.usageMessage().header(command.header()).description(command.description()).hidden(command.hidden());
        CommandLine outline = new CommandLine(spec);
        for (Class<?> sub : command.subcommands()) {
            outline.addSubcommand(of(sub));
        }
        return outline;
    }
}
