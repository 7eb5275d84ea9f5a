package fr.interrupt.meshcp.agent.cli;

import fr.interrupt.meshcp.agent.AgentException;
import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** meshcp-agent start: loads agent.yaml and the creds, serves the orchestrator until SIGTERM. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the agent's mTLS gRPC server.")
final class StartCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "agent.yaml (default: ${DEFAULT-VALUE})")
    Path config = AgentConfig.DEFAULT_PATH;

    /** Starts the runtime for a loaded config; then waits for it to end (the real one on SIGTERM). */
    interface Launcher {
        AgentRuntime launch(AgentConfig config, AgentCredentials credentials) throws IOException;

        default void awaitShutdown(AgentRuntime runtime) throws InterruptedException {
            Thread hook = new Thread(() -> {
                LOG.info("stopping: no new calls; running ones get a few seconds");
                runtime.close();
            }, "shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            runtime.awaitTermination();
        }

        static Launcher real(HostFacts host, Clock clock) {
            return (config, credentials) -> AgentRuntime.start(config, credentials, host, clock);
        }
    }

    private final Launcher launcher;

    StartCommand(Launcher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig agentConfig = new ConfigLoader().load(config);
        AgentCredentials credentials = AgentCredentials.load(new CredentialFiles(agentConfig.credsDir()), agentConfig.machineName());
        AgentRuntime runtime;
        try {
            runtime = launcher.launch(agentConfig, credentials);
        } catch (BindException e) {
            throw new AgentException("cannot listen on " + agentConfig.listen() + ": " + e.getMessage()
                    + " (is another agent running? change listen_addr in " + config + ")");
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof BindException ? e.getCause() : e;
            throw new AgentException("cannot listen on " + agentConfig.listen() + ": " + cause.getMessage()
                    + " (is another agent running? change listen_addr in " + config + ")");
        }
        String line = "meshcp-agent " + agentConfig.machineName() + " listening on " + agentConfig.listen().host() + ":" + runtime.port();
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        launcher.awaitShutdown(runtime);
        return AgentCli.OK;
    }
}
