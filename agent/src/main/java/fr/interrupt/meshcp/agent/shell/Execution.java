package fr.interrupt.meshcp.agent.shell;

/** A running command. */
public interface Execution {
    /** Kills the command's whole process tree; the outcome then says cancelled. */
    void cancel();
}
