package fr.interrupt.meshcp.agent.shell;

/** One of a job's two output streams; the ordinal indexes per-stream arrays. */
public enum StreamName {
    STDOUT,
    STDERR
}
