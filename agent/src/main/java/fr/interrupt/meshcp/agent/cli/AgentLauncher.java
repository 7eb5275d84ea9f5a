package fr.interrupt.meshcp.agent.cli;

import fr.interrupt.meshcp.agent.AgentRuntime;
import fr.interrupt.meshcp.agent.HostFacts;
import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What `start` does once agent.yaml and the creds are loaded: start the runtime, then wait for it to end (the real one: until SIGTERM). */
public interface AgentLauncher {
    AgentRuntime launch(AgentConfig config, AgentCredentials credentials) throws IOException;

    /** Starts the agent read from {@code configFile}, which its files capability then never serves. */
    default AgentRuntime launch(AgentConfig config, Path configFile, AgentCredentials credentials) throws IOException {
        return launch(config, credentials);
    }

    default void awaitShutdown(AgentRuntime runtime) throws InterruptedException {
        Logger log = LoggerFactory.getLogger(AgentLauncher.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping: no new calls; running ones get a few seconds, then their processes are killed");
            runtime.close();
        }, "shutdown"));
        runtime.awaitTermination();
    }

    static AgentLauncher real(HostFacts host, Clock clock) {
        return new AgentLauncher() {
            @Override
            public AgentRuntime launch(AgentConfig config, AgentCredentials credentials) throws IOException {
                return AgentRuntime.start(config, credentials, host, clock);
            }

            @Override
            public AgentRuntime launch(AgentConfig config, Path configFile, AgentCredentials credentials) throws IOException {
                return AgentRuntime.start(config, configFile, credentials, host, clock);
            }
        };
    }
}
