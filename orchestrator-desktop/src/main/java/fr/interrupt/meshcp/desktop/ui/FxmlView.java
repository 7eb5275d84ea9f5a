package fr.interrupt.meshcp.desktop.ui;

/** Every FXML file of the app, by name; loaded only through {@link FxmlLoaderFactory}. */
public enum FxmlView {
    MAIN("main.fxml"),
    MACHINES("machines.fxml"),
    MACHINE_DETAILS("machine-details.fxml"),
    ADD_MACHINE("add-machine.fxml"),
    CONSOLE("console.fxml"),
    /** Included by console.fxml; loaded alone by tests. */
    JOBS("jobs.fxml"),
    FILES("files.fxml"),
    APPROVALS("approvals.fxml"),
    POLICY("policy.fxml"),
    ACTIVITY("activity.fxml"),
    /** Included by machine-details.fxml; loaded alone by tests. */
    MACHINE_HEALTH("machine-health.fxml");

    private final String file;

    FxmlView(String file) {
        this.file = file;
    }

    /** The resource path, relative to the desktop package. */
    public String resource() {
        return "/fr/interrupt/meshcp/desktop/" + file;
    }
}
