package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.desktop.ui.UserMessages;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecService;
import fr.interrupt.meshcp.hub.service.RunningExec;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Runs one command on one or several machines at once, each machine's output streamed live into
 * its own run; cancel stops them all (the agents kill the process trees).
 */
public final class ConsoleViewModel {
    /** Lines kept per machine: older ones are dropped (with a note) so long output stays responsive. */
    public static final int MAX_LINES = 20_000;

    private final ExecService exec;
    private final Dispatch dispatch;
    private final ObservableList<Target> targets = FXCollections.observableArrayList(
            t -> new Observable[] {t.selectedProperty(), t.reachabilityProperty()});
    private final ObservableList<Target> readOnlyTargets = FXCollections.unmodifiableObservableList(targets);
    private final StringProperty command = new SimpleStringProperty("");
    private final ObservableList<MachineRun> runs = FXCollections.observableArrayList();
    private final ObservableList<MachineRun> readOnlyRuns = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper();
    private final CommandHistory history = new CommandHistory();
    private int unfinished;

    public ConsoleViewModel(ExecService exec, ObservableList<MachineRow> machines, Dispatch dispatch) {
        this.exec = exec;
        this.dispatch = dispatch;
        sync(machines);
        machines.addListener((ListChangeListener<MachineRow>) change -> sync(machines));
        canRun.bind(Bindings.createBooleanBinding(() -> !running.get() && !command.get().isBlank()
                && targets.stream().anyMatch(t -> t.selectedProperty().get()), running, command, targets));
    }

    // Properties

    public ObservableList<Target> targets() {
        return readOnlyTargets;
    }

    /** The command being typed (input). */
    public StringProperty commandProperty() {
        return command;
    }

    /** One per machine of the current (or last) run. */
    public ObservableList<MachineRun> runs() {
        return readOnlyRuns;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public CommandHistory history() {
        return history;
    }

    // Commands

    /** Picks exactly these machines (e.g. coming from a machine's page). */
    public void select(String... names) {
        Set<String> wanted = Set.of(names);
        targets.forEach(t -> t.selectedProperty().set(wanted.contains(t.name())));
    }

    public void historyPrevious() {
        String previous = history.previous();
        if (previous != null) {
            command.set(previous);
        }
    }

    public void historyNext() {
        command.set(history.next());
    }

    public void run() {
        if (!canRun.get()) {
            return;
        }
        String text = command.get().strip();
        ExecOptions options = ExecOptions.of(text);
        history.add(text);
        List<MachineRun> started = targets.stream().filter(t -> t.selectedProperty().get())
                .map(t -> new MachineRun(t.name(), dispatch.ui(), MAX_LINES)).toList();
        runs.setAll(started);
        unfinished = started.size();
        running.set(true);
        command.set("");
        Tasks.run(() -> started.forEach(run -> start(run, options))).start(dispatch);
    }

    /** Cancels every machine's run still going. */
    public void cancel() {
        runs.forEach(MachineRun::cancel);
    }

    /** Background thread: starts one machine's run; its end is reported on the UI thread. */
    private void start(MachineRun run, ExecOptions options) {
        try {
            RunningExec running = exec.start(run.machine(), options, (machine, kind, chunk) -> run.output().append(kind, chunk));
            run.started(running);
            running.outcome().whenComplete((outcome, failure) -> dispatch.ui().execute(() -> {
                if (failure == null) {
                    run.finished(outcome);
                } else {
                    run.failed(UserMessages.describe(failure));
                }
                finishedOne();
            }));
        } catch (MeshcpException e) {
            String message = UserMessages.describe(e);
            dispatch.ui().execute(() -> {
                run.failed(message);
                finishedOne();
            });
        }
    }

    private void finishedOne() {
        unfinished--;
        if (unfinished <= 0) {
            running.set(false);
        }
    }

    private void sync(List<MachineRow> machines) {
        Set<String> names = new HashSet<>();
        for (MachineRow row : machines) {
            names.add(row.name());
            if (targets.stream().noneMatch(t -> t.name().equals(row.name()))) {
                targets.add(new Target(row));
            }
        }
        targets.removeIf(t -> !names.contains(t.name()));
        targets.sort(java.util.Comparator.comparing(Target::name));
    }
}
