package fr.interrupt.meshcp.agent.config;

import fr.interrupt.meshcp.shared.MachineName;
import java.nio.file.Path;

/** The whole of agent.yaml, validated. */
public record AgentConfig(String machineName, ListenAddress listen, Path credsDir, Capabilities capabilities) {
    public static final Path DEFAULT_PATH = Path.of("/etc/meshcp/agent.yaml");
    public static final Path DEFAULT_CREDS_DIR = Path.of("/etc/meshcp/creds");

    public AgentConfig {
        MachineName.require(machineName);
        if (!credsDir.isAbsolute()) {
            throw new IllegalArgumentException("creds_dir must be absolute");
        }
    }
}
