package fr.interrupt.meshcp.desktop.main;

/** The pages of the main window. */
public enum Page {
    MACHINES,
    MACHINE_DETAILS,
    CONSOLE,
    FILES,
    /** Who did what, from the hub's audit.log. */
    ACTIVITY,
    /** Claude's requests waiting for a person. */
    APPROVALS,
    /** The hub's policy for Claude. */
    POLICY
}
