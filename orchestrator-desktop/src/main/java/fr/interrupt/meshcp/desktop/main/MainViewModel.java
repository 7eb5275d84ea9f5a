package fr.interrupt.meshcp.desktop.main;

import fr.interrupt.meshcp.desktop.console.ConsoleViewModel;
import fr.interrupt.meshcp.desktop.enroll.EndpointStatus;
import fr.interrupt.meshcp.desktop.files.FilesViewModel;
import fr.interrupt.meshcp.desktop.machines.MachineDetailsViewModel;
import fr.interrupt.meshcp.desktop.machines.MachinesViewModel;
import fr.interrupt.meshcp.desktop.ui.Theme;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The window: which page shows, the status bar, the theme. Navigation between pages goes through here. */
public final class MainViewModel {
    private final MachinesViewModel machines;
    private final MachineDetailsViewModel details;
    private final ConsoleViewModel console;
    private final FilesViewModel files;
    private final Theme theme;
    private final ReadOnlyObjectWrapper<Page> page = new ReadOnlyObjectWrapper<>(Page.MACHINES);
    private final ReadOnlyObjectWrapper<EndpointStatus> endpoint = new ReadOnlyObjectWrapper<>(EndpointStatus.starting());
    private final ReadOnlyStringWrapper dataDir = new ReadOnlyStringWrapper();

    public MainViewModel(MachinesViewModel machines, MachineDetailsViewModel details, ConsoleViewModel console,
                         FilesViewModel files, Theme theme, String dataDir) {
        this.machines = machines;
        this.details = details;
        this.console = console;
        this.files = files;
        this.theme = theme;
        this.dataDir.set(dataDir);
    }

    // Properties

    public ReadOnlyObjectProperty<Page> pageProperty() {
        return page.getReadOnlyProperty();
    }

    /** The enrollment endpoint's state, for the status bar. */
    public ReadOnlyObjectProperty<EndpointStatus> endpointProperty() {
        return endpoint.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty dataDirProperty() {
        return dataDir.getReadOnlyProperty();
    }

    public MachinesViewModel machines() {
        return machines;
    }

    public Theme theme() {
        return theme;
    }

    // Commands

    public void showMachines() {
        page.set(Page.MACHINES);
    }

    public void showDetails(String machine) {
        details.show(machine);
        page.set(Page.MACHINE_DETAILS);
    }

    public void showConsole() {
        page.set(Page.CONSOLE);
    }

    /** The console with only {@code machine} picked. */
    public void showConsole(String machine) {
        console.select(machine);
        page.set(Page.CONSOLE);
    }

    public void showFiles() {
        page.set(Page.FILES);
    }

    public void showFiles(String machine) {
        if (!machine.equals(files.machineProperty().get())) {
            files.machineProperty().set(machine);
        }
        page.set(Page.FILES);
    }

    /** Who did what on which machine (audit.log). */
    public void showActivity() {
        page.set(Page.ACTIVITY);
    }

    /** Claude's requests waiting for a person. */
    public void showApprovals() {
        page.set(Page.APPROVALS);
    }

    /** The hub's policy for Claude. */
    public void showPolicy() {
        page.set(Page.POLICY);
    }

    /** Called once the endpoint has tried to start (UI thread). */
    public void endpointStarted(EndpointStatus status) {
        endpoint.set(status);
    }
}
