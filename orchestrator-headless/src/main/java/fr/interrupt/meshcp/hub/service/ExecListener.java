package fr.interrupt.meshcp.hub.service;

/**
 * Receives a command's output as it arrives, in order, from one thread at a time. A slow
 * listener slows the agent down (flow control) rather than filling memory.
 */
@FunctionalInterface
public interface ExecListener {
    void onOutput(String machine, OutputKind kind, byte[] chunk);

    ExecListener IGNORE = (machine, kind, chunk) -> { };

    enum OutputKind {
        STDOUT,
        STDERR
    }
}
