package fr.interrupt.meshcp.hub.cli;

import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * The shells {@code completion} writes for. picocli's generator (picocli.AutoComplete) writes one bash script that zsh
 * also runs once its bashcompinit is loaded, which the script itself does under zsh; so both shells get the same text.
 */
enum CompletionShell {
    bash,
    zsh;

    /** The completion script for {@code root}'s command name, also bound to {@code aliases} (other launcher names). */
    static String script(CommandLine root, String... aliases) {
        String name = root.getCommandName();
        StringBuilder script = new StringBuilder(AutoComplete.bash(name, root));
        for (String alias : aliases) {
            script.append("complete -F _complete_").append(name).append(" -o default ").append(alias).append('\n');
        }
        return script.toString();
    }
}
