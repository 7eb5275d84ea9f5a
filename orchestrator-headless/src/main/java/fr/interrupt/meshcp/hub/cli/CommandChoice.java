package fr.interrupt.meshcp.hub.cli;

import java.util.Set;

/**
 * What a command line asks of the program, read from its arguments before picocli builds anything, so that
 * {@link CliFactory#createFor} builds only what that run needs. It recognises only the root's own options
 * ({@code --data-dir DIR}, {@code --data-dir=DIR}, {@code -h}, {@code --help}, {@code -V}, {@code --version}); any
 * other first argument that is not a subcommand name means {@link Kind#ANYTHING}, and picocli, on the whole tree,
 * judges it as it always has.
 */
record CommandChoice(Kind kind, String subcommand) {
    /** How much of the command tree a run needs. */
    enum Kind {
        /** No subcommand: the root's help, version or "missing command"; the command list needs only names and descriptions. */
        ROOT_ONLY,
        /** One subcommand, named by {@link #subcommand()}, and nothing of its siblings. */
        ONE_SUBCOMMAND,
        /** The whole tree: help on other commands, the completion script, or arguments this class does not read. */
        ANYTHING
    }

    /** Subcommands that walk the tree themselves. */
    private static final Set<String> NEED_THE_TREE = Set.of("help", "completion");
    private static final String DATA_DIR = "--data-dir";
    private static final Set<String> ROOT_FLAGS = Set.of("-h", "--help", "-V", "--version");

    /** The choice args make, given the names of the root's subcommands. */
    static CommandChoice of(String[] args, Set<String> subcommands) {
        boolean rootFlag = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (DATA_DIR.equals(arg)) {
                i++;
                // picocli refuses a subcommand name or an option as the value: leave those cases to it
                if (i >= args.length || subcommands.contains(args[i]) || args[i].startsWith("-")) {
                    return new CommandChoice(Kind.ANYTHING, null);
                }
            } else if (ROOT_FLAGS.contains(arg)) {
                rootFlag = true;
            } else if (!arg.startsWith(DATA_DIR + "=")) {
                // the root's help or version before a subcommand lists the whole tree: so does the root's usage then
                boolean alone = subcommands.contains(arg) && !NEED_THE_TREE.contains(arg) && !rootFlag;
                return alone ? new CommandChoice(Kind.ONE_SUBCOMMAND, arg) : new CommandChoice(Kind.ANYTHING, null);
            }
        }
        return new CommandChoice(Kind.ROOT_ONLY, null);
    }
}
