package fr.interrupt.meshcp.agent.shell;

/**
 * The foreground receiver of a job's output (an Exec call): fed by the pump threads as output comes, while the main
 * process runs, and allowed to block them so a slow reader slows the command down instead of the agent buffering.
 */
public interface LiveSink {
    /** The job exists and no output was read yet. */
    void begin(Job job);

    /** Output just kept at offset of stream; may block while the receiver is not ready. */
    void output(StreamName stream, long offset, byte[] data, int length);

    /** The main process ended: stop blocking the pumps from now on (the rest is read from what the job keeps). */
    void mainExited();
}
