package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;

/** A machine the console can run a command on, with whether it is picked (a check box). */
public final class Target {
    private final MachineRow row;
    private final BooleanProperty selected = new SimpleBooleanProperty();

    Target(MachineRow row) {
        this.row = row;
    }

    public String name() {
        return row.name();
    }

    /** Picked for the next run (input). */
    public BooleanProperty selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Reachability> reachabilityProperty() {
        return row.reachabilityProperty();
    }

    @Override
    public String toString() {
        return row.name();
    }
}
