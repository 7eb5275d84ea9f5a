package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Builds the command line with its streams, exit codes and error handling: the one place for all three. */
public final class CliFactory {
    /** Returned by commands that leave servers running in non-daemon threads (never a real exit code). */
    public static final int KEEP_RUNNING = Integer.MIN_VALUE;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private CliFactory() {
    }

    public static CommandLine create(PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new OrchestratorCommand(env, CliStreams.of(out, err)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (cause.getCause() != null && !(cause instanceof MeshcpException)) {
                cause = cause.getCause();
            }
            if (cause instanceof MeshcpException m) {
                commandLine.getErr().println("error: " + m.getMessage());
                return EXIT_FAILURE;
            }
            commandLine.getErr().println("error: unexpected failure: " + e);
            commandLine.getErr().println("(please report this with the command you ran)");
            return EXIT_FAILURE;
        });
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("see: " + failed.getCommandSpec().qualifiedName() + " --help");
            return EXIT_USAGE;
        });
        return cli;
    }
}
