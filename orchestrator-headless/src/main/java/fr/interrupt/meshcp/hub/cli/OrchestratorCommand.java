package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.config.DataDirOption;
import fr.interrupt.meshcp.shared.AgentVersion;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * The orchestrator-headless root command: its subcommands ({@link #SUBCOMMANDS}, added by {@link CliFactory}) are the
 * CLI; alone it is a usage error.
 */
@Command(name = "orchestrator-headless",
        mixinStandardHelpOptions = true,
        versionProvider = OrchestratorCommand.Version.class,
        description = "The meshcp hub: CA, enrollment, machine registry, and the MCP server for Claude Code.")
public final class OrchestratorCommand implements java.util.concurrent.Callable<Integer> {
    /**
     * The subcommands, in the order the help lists them. Not in the {@code @Command} annotation, where picocli would
     * build every one of them by reflection for every run: {@link CliFactory#createFor} builds only the one a command
     * line runs.
     */
    static final java.util.List<Class<?>> SUBCOMMANDS = java.util.List.of(
            TokenCommand.class,
            MachinesCommand.class,
            CaCommand.class,
            PingCommand.class,
            ServeCommand.class,
            EnrollServerCommand.class,
            ExecCommand.class,
            JobsCommand.class,
            LsCommand.class,
            CatCommand.class,
            GetCommand.class,
            PutCommand.class,
            StatusCommand.class,
            PolicyCommand.class,
            ApprovalsCommand.class,
            ApproveCommand.class,
            DenyCommand.class,
            PackagesCommand.class,
            AuditCommand.class,
            CompletionCommand.class,
            HelpCommand.class);

    @Mixin
    DataDirOption dataDir;

    private final Map<String, String> env;
    private final CliStreams streams;

    OrchestratorCommand(Map<String, String> env) {
        this(env, CliStreams.of(System.out, System.err));
    }

    OrchestratorCommand(Map<String, String> env, CliStreams streams) {
        this.env = env;
        this.streams = streams;
    }

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    Hub openHub(String face) {
        return dataDir.open(env, face);
    }

    /** The raw byte streams (binary-safe output) behind the command line's writers. */
    CliStreams streams() {
        return streams;
    }

    Map<String, String> env() {
        return env;
    }

    java.nio.file.Path dataDir() {
        return dataDir.resolve(env);
    }

    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"meshcp orchestrator " + AgentVersion.current()};
        }
    }
}
