package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Builds the command line with its streams, exit codes and error handling. Failures a person can act on
 * ({@link MeshcpException}) print their sentence and exit with their kind's code ({@link ExitCodes}, picocli's
 * exit code exception mapper); anything else is a bug: its stack goes to the log (stderr, at warn) once and the
 * person gets a sentence without Java class names.
 */
public final class CliFactory {
    private static final Logger LOG = LoggerFactory.getLogger(CliFactory.class);
    /** Returned by commands that leave servers running in non-daemon threads (never a real exit code). */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;
    public static final int EXIT_FAILURE = ExitCodes.FAILURE;
    public static final int EXIT_USAGE = ExitCodes.USAGE;
    /** The command whose failures all exit 1, because its other codes are the remote command's. */
    private static final String EXEC = "exec";

    private CliFactory() {
    }

    /** The orchestrator-headless command line writing to {@code out} and {@code err}, reading {@code env}. */
    public static CommandLine create(PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new OrchestratorCommand(env, CliStreams.of(out, err)));
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
                LOG.warn("unexpected failure in {}", commandLine.getCommandSpec().qualifiedName(), e);
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
