package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.Map;

/**
 * One command to run on a machine. A null timeout means the agent's max_timeout_seconds; a zero
 * {@code maxOutputBytes} the agent's cap. The agent enforces its own limits whatever is asked here.
 */
public record ExecOptions(String command, Duration timeout, String workingDirectory, Map<String, String> env,
                          long maxOutputBytes) {
    public ExecOptions {
        if (command == null || command.isBlank()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "missing command");
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "timeout must be positive");
        }
        env = env == null ? Map.of() : Map.copyOf(env);
        workingDirectory = workingDirectory == null ? "" : workingDirectory;
    }

    public static ExecOptions of(String command) {
        return new ExecOptions(command, null, null, Map.of(), 0);
    }

    public ExecOptions withTimeout(Duration newTimeout) {
        return new ExecOptions(command, newTimeout, workingDirectory, env, maxOutputBytes);
    }
}
