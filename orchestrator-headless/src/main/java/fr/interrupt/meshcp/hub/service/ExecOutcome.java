package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import java.time.Duration;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Durations;

/**
 * How a command ended. {@code exitCode} is the remote exit status once {@link ExecState#EXITED}, else -1;
 * {@code signal} the signal an exit status of 128+N suggests (0 when none); {@code jobId} the agent's job id (empty from an agent
 * that predates jobs); {@code truncated} says the live stream passed its cap (the kept tail was still delivered, the middle was not).
 */
public record ExecOutcome(String machine, String jobId, ExecState state, int exitCode, int signal, Duration duration,
                          boolean truncated, long outputBytes) {

    public boolean timedOut() {
        return state == ExecState.TIMED_OUT;
    }

    public boolean cancelled() {
        return state == ExecState.CANCELLED;
    }

    public boolean succeeded() {
        return state == ExecState.EXITED && exitCode == 0;
    }

    /** "exit 0 in 12 ms", "killed after timeout (5.0 s)", "cancelled after 1.2 s", "exit 137 (killed by signal 9?) in 3 ms". */
    public String summary() {
        String time = Durations.human(duration);
        String end;
        switch (state) {
            case TIMED_OUT:
                end = "killed after timeout (" + time + ")";
                break;
            case CANCELLED:
                end = "cancelled after " + time;
                break;
            case FAILED:
                end = "failed to start";
                break;
            default:
                end = "exit " + exitCode + (signal > 0 ? " (killed by signal " + signal + "?)" : "") + " in " + time;
        }
        return truncated ? end + ", the middle of its output not shown (" + ByteSizes.format(outputBytes) + " produced)" : end;
    }
}
