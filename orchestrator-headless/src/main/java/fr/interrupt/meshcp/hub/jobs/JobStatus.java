package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One job as its agent reports it. {@code exitCode} is set once {@link ExecState#EXITED} (null
 * otherwise); {@code signal} the signal an exit status of 128+N suggests (0 when none);
 * {@code endedAt} is null while running; {@code failure} says why a {@link ExecState#FAILED} job never ran.
 */
public record JobStatus(JobRef ref, String command, String caller, ExecState state, Integer exitCode, int signal,
                        Instant startedAt, Instant endedAt, KeptStream stdout, KeptStream stderr, String workingDirectory,
                        Duration timeout, String failure) {

    /** Reads the agent's answer for a job on {@code machine}. */
    public static JobStatus of(String machine, JobInfo info) {
        ExecState state = ExecState.of(info.getState());
        Integer exit = state == ExecState.EXITED && info.getExitCode() >= 0 ? info.getExitCode() : null;
        return new JobStatus(new JobRef(machine, info.getId()), info.getCommand(), info.getCaller(), state, exit,
                info.getSignal(), Instant.ofEpochMilli(info.getStartedMillis()),
                info.getEndedMillis() == 0 ? null : Instant.ofEpochMilli(info.getEndedMillis()),
                KeptStream.of(info.getStdout()), KeptStream.of(info.getStderr()), info.getWorkingDirectory(),
                Duration.ofSeconds(info.getTimeoutSeconds()), info.getFailure().isEmpty() ? null : info.getFailure());
    }

    public String machine() {
        return ref.machine();
    }

    public boolean isDone() {
        return state.isFinal();
    }

    /** Exited with status 0. */
    public boolean succeeded() {
        return state == ExecState.EXITED && exitCode != null && exitCode == 0;
    }

    /** Run time: to the end once ended, else to now on {@code clock}. Never negative. */
    public Duration elapsed(Clock clock) {
        Instant end = endedAt == null ? clock.instant() : endedAt;
        Duration d = Duration.between(startedAt, end);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Bytes produced on both streams. */
    public long outputBytes() {
        return stdout.total() + stderr.total();
    }

    /** "exit 0", "exit 2", "killed by signal 9", "timed out after 5m", "cancelled", "failed: …", "running". */
    public String outcomeWords() {
        switch (state) {
            case RUNNING:
                return "running";
            case EXITED:
                return "exit " + exitCode + (signal > 0 ? " (killed by signal " + signal + "?)" : "");
            case TIMED_OUT:
                return "killed at its timeout (" + timeout.toSeconds() + " s)";
            case CANCELLED:
                return "cancelled";
            default:
                return "failed: " + (failure == null ? "could not start" : failure);
        }
    }
}
