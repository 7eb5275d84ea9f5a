package fr.interrupt.meshcp.agent.cli;

import fr.interrupt.meshcp.agent.AgentException;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.enroll.Enrollment;
import fr.interrupt.meshcp.agent.enroll.EnrollmentClient;
import fr.interrupt.meshcp.shared.AgentVersion;
import java.io.PrintWriter;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the meshcp-agent command line with its output streams, exit codes and error handling: a user error is
 * one line {@code error: ...} on stderr, exit code 2 for a usage error and 1 for anything else; never a stack trace.
 */
public final class AgentCli {
    private static final Logger LOG = LoggerFactory.getLogger(AgentCli.class);
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private AgentCli() {
    }

    @Command(name = "meshcp-agent", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Runs this machine's meshcp agent: enroll it with the hub once, then start it.",
            subcommands = CommandLine.HelpCommand.class)
    static final class Root implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use enroll or start");
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"meshcp-agent " + AgentVersion.current()};
        }
    }

    /** The dependencies the commands use, so tests can pass their own (e.g. a runtime that they stop). */
    public record Services(Enrollment enrollment, AgentLauncher launcher) {
        public static Services real() {
            HostFacts host = HostFacts.detect();
            return new Services(new Enrollment(EnrollmentClient.withDefaultTimeouts(), host), AgentLauncher.real(host, Clock.systemUTC()));
        }
    }

    public static CommandLine create(PrintWriter out, PrintWriter err, Services services) {
        CommandLine cli = new CommandLine(new Root());
        cli.addSubcommand("enroll", new EnrollCommand(services.enrollment()));
        cli.addSubcommand("start", new StartCommand(services.launcher()));
        cli.addSubcommand("completion", new CompletionCommand());
        // picocli's help command prints a header before "Usage:"; like every other command, start with the usage
        cli.getSubcommands().get("help").getCommandSpec().usageMessage().header(new String[0]).synopsisHeading("Usage: ")
                .description("Display help information about the specified command (help enroll).");
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("error: " + e.getMessage() + " (see " + command.getCommandSpec().qualifiedName() + " --help)");
            command.getErr().flush();
            return USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (e instanceof AgentException) {
                command.getErr().println("error: " + e.getMessage());
            } else {
                LOG.warn("unexpected failure in {}", command.getCommandSpec().qualifiedName(), e);
                command.getErr().println("error: " + command.getCommandName() + " failed unexpectedly; the log above has the "
                        + "details (please report it with the command you ran)");
            }
            command.getErr().flush();
            return FAILED;
        });
        return cli;
    }
}
