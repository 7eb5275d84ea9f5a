package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.jobs.JobRef;

/**
 * Receives a command's output as it arrives, in order, from one thread at a time. A slow
 * listener slows the agent down (flow control) rather than filling memory.
 */
@FunctionalInterface
public interface ExecListener {
    void onOutput(String machine, OutputKind kind, byte[] chunk);

    /** The agent started the command as this job (first, before any output). */
    default void onJob(String machine, JobRef job) {
    }

    /**
     * Bytes {@code [from, to)} of a stream were produced but are not delivered: the live stream passed its cap
     * (the kept tail follows), or an attach started below what the agent keeps.
     */
    default void onGap(String machine, OutputKind kind, long from, long to) {
    }

    ExecListener IGNORE = (machine, kind, chunk) -> { };

    enum OutputKind {
        STDOUT("stdout"),
        STDERR("stderr");

        private final String label;

        OutputKind(String label) {
            this.label = label;
        }

        /** "stdout" or "stderr". */
        public String label() {
            return label;
        }
    }
}
