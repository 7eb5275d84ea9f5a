package fr.interrupt.meshcp.agent.cli;

import fr.interrupt.meshcp.agent.AgentException;
import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CredentialFiles;
import java.io.IOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** meshcp-agent start: loads agent.yaml and the creds, serves the orchestrator until SIGTERM. */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the agent's mTLS gRPC server.")
final class StartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "agent.yaml (default: ${DEFAULT-VALUE})")
    Path config = AgentConfig.DEFAULT_PATH;

    private final AgentLauncher launcher;

    StartCommand(AgentLauncher launcher) {
        this.launcher = launcher;
    }

    @Override
    public Integer call() throws Exception {
        AgentConfig agentConfig = new ConfigLoader().load(config);
        AgentCredentials credentials = AgentCredentials.load(new CredentialFiles(agentConfig.credsDir()), agentConfig.machineName());
        AgentRuntime runtime;
        try {
            runtime = launcher.launch(agentConfig, config, credentials);
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
