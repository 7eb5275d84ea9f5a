package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the command line with its streams, exit codes and error handling. Failures a person can act on
 * ({@link MeshcpException}) print their sentence and exit with their kind's code ({@link ExitCodes}, picocli's
 * exit code exception mapper); anything else is a bug: its stack goes to the log (stderr, at warn) once and the
 * person gets a sentence without Java class names.
 */
public final class CliFactory {
    /** Returned by commands that leave servers running in non-daemon threads (never a real exit code). */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;
    public static final int EXIT_FAILURE = ExitCodes.FAILURE;
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    /** The command whose failures all exit 1, because its other codes are the remote command's. */
    private static final String EXEC = "exec";

    private CliFactory() {
    }

    /**
     * The orchestrator-headless command line writing to {@code out} and {@code err}, reading {@code env}, with every
     * command built (tests walk it; the completion script and {@code help COMMAND} need it).
     */
    public static CommandLine create(PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new OrchestratorCommand(env, CliStreams.of(out, err)));
        OrchestratorCommand.SUBCOMMANDS.forEach(cli::addSubcommand);
        return configure(cli, out, err);
    }

    /**
     * The command line for running {@code args} once (the launcher's): the same program as {@link #create}, with only
     * the part of the tree those arguments use built by picocli ({@link CommandChoice}): the chosen subcommand alone,
     * or for the root's own help an outline of the others ({@link CommandOutline}); the whole tree when unsure. What
     * a run prints and returns is the same as with {@link #create} (CliFactoryTest compares them).
     */
    public static CommandLine createFor(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> sub : OrchestratorCommand.SUBCOMMANDS) {
            byName.put(sub.getAnnotation(Command.class).name(), sub);
        }
        CommandChoice choice = CommandChoice.of(args, byName.keySet());
        if (choice.kind() == CommandChoice.Kind.ANYTHING) {
            return create(out, err, env);
        }
        CommandLine cli = new CommandLine(new OrchestratorCommand(env, CliStreams.of(out, err)));
        byName.forEach((name, sub) -> {
            if (choice.kind() == CommandChoice.Kind.ROOT_ONLY) {
                cli.addSubcommand(CommandOutline.of(sub));
            } else if (name.equals(choice.subcommand())) {
                cli.addSubcommand(sub);
            }
        });
        return configure(cli, out, err);
    }

    /** Streams, exit codes and error handling, set once the subcommands are added (picocli copies them down then). */
    private static CommandLine configure(CommandLine cli, PrintStream out, PrintStream err) {
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        CommandList.install(cli);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        cli.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.help());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            MeshcpException failure = Failures.meshcp(e);
            if (failure != null) {
                commandLine.getErr().println("error: " + failure.getMessage());
            } else {
                // looked up here, not in a static field: SLF4J's start cost every cold command (--help too) about 15 ms
                Logger log = LoggerFactory.getLogger(CliFactory.class);
                log.warn("unexpected failure in {}", commandLine.getCommandSpec().qualifiedName(), e);
                commandLine.getErr().println("error: " + commandLine.getCommandName() + " failed unexpectedly; the log "
                        + "above has the details (please report it with the command you ran)");
            }
            return EXEC.equals(commandLine.getCommandName()) ? EXIT_FAILURE
                    : commandLine.getExitCodeExceptionMapper().getExitCode(e);
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            // exec web uname -a: the remote command's own options reach picocli when the -- is forgotten
            boolean execWithoutSeparator = failed.getCommand() instanceof ExecCommand && !java.util.Arrays.asList(args).contains("--");
            failed.getErr().println("error: " + (execWithoutSeparator ? ExecCommand.MISSING_SEPARATOR + " (" + e.getMessage() + ")"
                    : e.getMessage()));
            failed.getErr().println("see: " + failed.getCommandSpec().qualifiedName() + " --help");
            return EXIT_USAGE;
        });
        return cli;
    }
}
