package fr.interrupt.meshcp.desktop.console;

/** Where one machine's run of a command is. */
public enum RunState {
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    ERROR;

    public boolean finished() {
        return this != RUNNING;
    }
}
