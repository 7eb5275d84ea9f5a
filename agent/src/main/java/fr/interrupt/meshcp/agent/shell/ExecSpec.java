package fr.interrupt.meshcp.agent.shell;

import java.util.Map;

/**
 * One command as requested: 0 for timeoutSeconds or maxOutputBytes means the agent's limit; empty workingDirectory the
 * agent's. caller is who asked, as the hub said (recorded only, sanitized by {@link Callers}).
 */
public record ExecSpec(String command, long timeoutSeconds, String workingDirectory, Map<String, String> env, long maxOutputBytes,
        String caller) {
    public ExecSpec {
        env = Map.copyOf(env);
        workingDirectory = workingDirectory == null ? "" : workingDirectory;
        caller = Callers.sanitize(caller);
    }
}
