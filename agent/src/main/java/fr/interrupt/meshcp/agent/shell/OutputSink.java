package fr.interrupt.meshcp.agent.shell;

/** Receives a command's output as it comes, then its outcome. Calls come from several threads, never at the same time. */
public interface OutputSink {
    enum Stream { STDOUT, STDERR }

    /**
     * Delivers one chunk; may block while the receiver is not ready for more (this is how a slow reader slows
     * the command down). Returns false once the receiver is gone, after which output is only counted.
     */
    boolean output(Stream stream, byte[] data, int length);

    /** Called exactly once, after the last output. */
    void finished(ExecOutcome outcome);
}
