package fr.interrupt.meshcp.agent.config;

import java.nio.file.Path;

/** capabilities.docker in agent.yaml: off unless turned on. */
public record DockerConfig(boolean enabled, Path socket) {
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/docker.sock");
    public static final DockerConfig DEFAULT = new DockerConfig(false, DEFAULT_SOCKET);
}
