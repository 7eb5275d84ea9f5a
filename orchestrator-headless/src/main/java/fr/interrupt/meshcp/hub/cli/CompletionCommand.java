package fr.interrupt.meshcp.hub.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code completion bash|zsh}: prints the shell completion script picocli's generator makes from this command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print the shell completion script for bash or zsh (commands, subcommands, options).",
            "",
            "bash: orchestrator-headless completion bash > ~/.local/share/bash-completion/completions/orchestrator-headless",
            "     (or system-wide in /usr/share/bash-completion/completions/), or: source <(orchestrator-headless completion bash)",
            "zsh:  add to ~/.zshrc: source <(orchestrator-headless completion zsh)",
            "The script also completes the alias meshcp-orchestrator."})
final class CompletionCommand implements Callable<Integer> {
    /** The other name the same program is installed under (a second launcher). */
    static final String ALIAS = "meshcp-orchestrator";

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
    CompletionShell shell;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(CompletionShell.script(root, ALIAS));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
