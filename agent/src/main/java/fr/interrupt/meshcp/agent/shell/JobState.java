package fr.interrupt.meshcp.agent.shell;

/** Where a job is in its life; every state but RUNNING is final. */
public enum JobState {
    RUNNING,
    /** The main process ended by itself (an exit code, or a signal). */
    EXITED,
    /** Killed when its timeout passed while the main process still ran; the exit code is then -1, never 0. */
    TIMED_OUT,
    /** Killed on request (CancelJob, a cancelled Exec or attach, agent shutdown). */
    CANCELLED,
    /** The process could not be started. */
    FAILED_TO_START
}
