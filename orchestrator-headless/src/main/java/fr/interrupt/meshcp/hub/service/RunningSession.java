package fr.interrupt.meshcp.hub.service;

/** A command started with input ({@link ExecSessionService}): a {@link RunningExec} whose terminal can be resized. */
public interface RunningSession extends RunningExec {
    /** The local window changed: tells the agent, which resizes the pseudo-terminal (ignored without one). */
    void resize(int rows, int columns);
}
