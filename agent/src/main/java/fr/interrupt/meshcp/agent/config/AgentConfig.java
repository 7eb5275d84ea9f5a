package fr.interrupt.meshcp.agent.config;

import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.labels.Labels;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole of agent.yaml, validated.
 *
 * @param labels this machine's labels ({@code labels:}), reported to the hub by Ping; Kubernetes syntax, checked by
 *               {@link Labels#validated}; sorted, never null
 */
public record AgentConfig(String machineName, ListenAddress listen, Path credsDir, Capabilities capabilities, Map<String, String> labels) {
    public static final Path DEFAULT_PATH = Path.of("/etc/meshcp/agent.yaml");
    public static final Path DEFAULT_CREDS_DIR = Path.of("/etc/meshcp/creds");

    public AgentConfig {
        MachineName.require(machineName);
        if (!credsDir.isAbsolute()) {
            throw new IllegalArgumentException("creds_dir must be absolute");
        }
        labels = Labels.validated(labels);
    }

    /** A configuration without labels. */
    public AgentConfig(String machineName, ListenAddress listen, Path credsDir, Capabilities capabilities) {
        this(machineName, listen, credsDir, capabilities, Map.of());
    }
}
