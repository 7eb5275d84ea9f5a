package fr.interrupt.meshcp.agent.shell;

/** How a command ended. exitCode is -1 when the agent killed it (timeout, cancellation, shutdown). */
public record ExecOutcome(int exitCode, long durationMillis, boolean truncated, boolean timedOut, boolean cancelled, long outputBytes) {
}
