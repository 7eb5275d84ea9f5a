package fr.interrupt.meshcp.agent.config;

import java.util.List;

/** capabilities.shell in agent.yaml. An empty allowed_commands means any command, through the platform shell. */
public record ShellConfig(boolean enabled, int maxTimeoutSeconds, List<String> allowedCommands, int maxOutputMb, int maxConcurrent) {
    public static final ShellConfig DEFAULT = new ShellConfig(true, 300, List.of(), 16, 8);

    public ShellConfig {
        allowedCommands = List.copyOf(allowedCommands);
        if (maxTimeoutSeconds <= 0 || maxOutputMb <= 0 || maxConcurrent <= 0) {
            throw new IllegalArgumentException("shell limits must be positive");
        }
    }

    public long maxOutputBytes() {
        return maxOutputMb * 1024L * 1024L;
    }

    public boolean restricted() {
        return !allowedCommands.isEmpty();
    }
}
