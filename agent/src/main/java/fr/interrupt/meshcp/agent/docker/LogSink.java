package fr.interrupt.meshcp.agent.docker;

/** Receives container log output; returns false when the receiver is gone, which stops reading. */
public interface LogSink {
    enum Stream { STDOUT, STDERR }

    boolean output(Stream stream, byte[] data, int length);
}
