package fr.interrupt.meshcp.desktop.machines;

/** What the table's status dot shows. */
public enum Reachability {
    CHECKING("checking"),
    ONLINE("online"),
    OFFLINE("offline");

    private final String label;

    Reachability(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The CSS style class of the dot and the label. */
    public String styleClass() {
        return "status-" + label;
    }
}
