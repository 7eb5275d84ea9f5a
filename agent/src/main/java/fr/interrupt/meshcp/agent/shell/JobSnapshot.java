package fr.interrupt.meshcp.agent.shell;

/**
 * A job's state at one moment. exitCode is the exit status when EXITED by itself, else -1; signal is the signal number
 * an exit status of 128+N suggests (exitCode keeps the status), else 0. Times are epoch milliseconds (endedMillis 0 while running: the
 * moment the main process ended). failure says why, for FAILED_TO_START.
 */
public record JobSnapshot(String id, String command, String caller, JobState state, int exitCode, int signal, long startedMillis,
        long endedMillis, KeptStream.Info stdout, KeptStream.Info stderr, String workingDirectory, long timeoutSeconds, String failure,
        boolean cancelOnDisconnect) {

    /** Not ended yet. */
    public boolean running() {
        return state == JobState.RUNNING;
    }

    /** Bytes both streams produced, kept or not. */
    public long outputBytes() {
        return stdout.totalBytes() + stderr.totalBytes();
    }

    /** From start to the main process's end (to now while running: 0). */
    public long durationMillis() {
        return endedMillis == 0 ? 0 : endedMillis - startedMillis;
    }
}
