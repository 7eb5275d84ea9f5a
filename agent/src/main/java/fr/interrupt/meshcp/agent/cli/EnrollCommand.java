package fr.interrupt.meshcp.agent.cli;

import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.enroll.Enrollment;
import fr.interrupt.meshcp.agent.enroll.EnrollmentException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** meshcp-agent enroll: gets this machine its certificate from the hub and writes creds and agent.yaml. */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enrolls this machine with the hub, using a token from 'token create' on the hub.")
final class EnrollCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--orchestrator", required = true, paramLabel = "URL", description = "The hub's enrollment address, e.g. https://HOST:7443")
    String orchestrator;

    /** Where a token can come from without showing in the process list (/proc/PID/cmdline is world-readable). */
    static final String TOKEN_ENV = "MESHCP_ENROLL_TOKEN";

    @Option(names = "--token", paramLabel = "TOKEN", description = "The token printed by 'token create' on the hub; "
            + "'-' reads it from stdin; default: $" + TOKEN_ENV + ". Other users of this machine can see a token given "
            + "on the command line while enrollment runs.")
    String token;

    @Option(names = "--name", paramLabel = "NAME", description = "This machine's name; default: the name the token was created for")
    String name;

    @Option(names = "--config", paramLabel = "FILE", description = "Where to write agent.yaml (default: ${DEFAULT-VALUE})")
    Path config = AgentConfig.DEFAULT_PATH;

    @Option(names = "--creds-dir", paramLabel = "DIR", description = "Where to write the key and certificates (default: ${DEFAULT-VALUE})")
    Path credsDir = AgentConfig.DEFAULT_CREDS_DIR;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "Where the agent will listen (default: ${DEFAULT-VALUE})")
    String listen = ListenAddress.DEFAULT.toString();

    @Option(names = "--force", description = "Replace the credentials and agent.yaml of a machine enrolled before, "
            + "keeping the capabilities of its agent.yaml (which must parse)")
    boolean force;

    @Option(names = "--reset-config", description = "With --force: write the default capabilities (any command through sh, "
            + "any path) instead of keeping the existing agent.yaml's")
    boolean resetConfig;

    private final Enrollment enrollment;

    EnrollCommand(Enrollment enrollment) {
        this.enrollment = enrollment;
    }

    /** Where environment variables are read; tests set their own. */
    java.util.function.UnaryOperator<String> env = System::getenv;

    /** "invalid ..." naming where the token came from: --token, stdin or the environment. */
    private String invalidToken() {
        if ("-".equals(token)) {
            return "invalid token on stdin (--token -)";
        }
        return token != null ? "invalid --token" : "invalid token in $" + TOKEN_ENV;
    }

    /** The token, checked for its shape so a malformed one is blamed on where it came from. */
    private String checkedToken() throws java.io.IOException, EnrollmentException {
        String value = token();
        try {
            fr.interrupt.meshcp.shared.EnrollmentToken.parse(value);
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException(invalidToken() + ": " + e.getMessage());
        }
        return value;
    }

    private String token() throws java.io.IOException, EnrollmentException {
        if ("-".equals(token)) {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            if (line == null || line.isBlank()) {
                throw new EnrollmentException("--token -: no token on stdin");
            }
            return line.trim();
        }
        if (token != null) {
            return token;
        }
        String fromEnv = env.apply(TOKEN_ENV);
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new EnrollmentException("missing --token: pass the token printed by 'token create' on the hub "
                    + "(or '--token -' to read it from stdin, or set " + TOKEN_ENV + ")");
        }
        return fromEnv.trim();
    }

    @Override
    public Integer call() throws Exception {
        ListenAddress listenAddress;
        try {
            listenAddress = ListenAddress.parse(listen);
        } catch (IllegalArgumentException e) {
            throw new EnrollmentException("--listen: " + e.getMessage());
        }
        if (resetConfig && !force) {
            throw new EnrollmentException("--reset-config only applies with --force (re-enrolling a machine enrolled before)");
        }
        Enrollment.Result result = enrollment.enroll(new Enrollment.Request(orchestrator, checkedToken(), name, config, credsDir,
                listenAddress, force, resetConfig));
        boolean defaultConfig = result.configPath().equals(AgentConfig.DEFAULT_PATH);
        spec.commandLine().getOut().println("enrolled as " + result.machineName() + "; start the agent with: meshcp-agent start"
                + (defaultConfig ? "" : " --config " + result.configPath()));
        if (result.keptCapabilities()) {
            spec.commandLine().getOut().println("kept the capabilities of the existing " + result.configPath());
        }
        spec.commandLine().getOut().flush();
        return AgentCli.OK;
    }
}
