package fr.interrupt.meshcp.agent.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh}: prints the completion script picocli's generator (picocli.AutoComplete) makes from this
 * command tree. It is a bash script that zsh runs too (it loads zsh's bashcompinit itself), so both shells get the same text.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash or zsh (commands and options).",
            "",
            "bash: meshcp-agent completion bash > ~/.local/share/bash-completion/completions/meshcp-agent",
            "     (or system-wide in /usr/share/bash-completion/completions/), or: source <(meshcp-agent completion bash)",
            "zsh:  add to ~/.zshrc: source <(meshcp-agent completion zsh)"})
final class CompletionCommand implements Callable<Integer> {
    /** The shells the script is for. */
    enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    Shell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return AgentCli.OK;
    }
}
