package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The fleet's running and recent jobs, whichever face started them (the CLI, Claude through
 * {@code serve}, this desktop), refreshed in the background; attach one to see its output, cancel one
 * that runs. Rows are updated in place so the table keeps its selection.
 */
public final class JobsViewModel {
    private final JobsApi jobs;
    private final Dispatch dispatch;
    private final Clock clock;
    private final Consumer<JobStatus> attacher;
    private final ObservableList<JobRow> rows = FXCollections.observableArrayList();
    private final ObservableList<JobRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final ObjectProperty<JobRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper unreachable = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canAttach = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper();
    private final Set<JobRef> cancelling = new HashSet<>();
    private boolean refreshAgain;

    /** {@code attacher} shows a job's output (the console's output area). */
    public JobsViewModel(JobsApi jobs, Dispatch dispatch, Clock clock, Consumer<JobStatus> attacher) {
        this.jobs = jobs;
        this.dispatch = dispatch;
        this.clock = clock;
        this.attacher = attacher;
        selected.addListener((obs, old, now) -> updateCommands());
    }

    // Properties

    /** Newest first. */
    public ObservableList<JobRow> rows() {
        return readOnlyRows;
    }

    /** The row picked in the table (input). */
    public ObjectProperty<JobRow> selectedProperty() {
        return selected;
    }

    /** "2 running · 5 recent", or "" before the first listing. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The machines whose jobs could not be listed, and why; "" when every machine answered. */
    public ReadOnlyStringProperty unreachableProperty() {
        return unreachable.getReadOnlyProperty();
    }

    /** Why the last listing or cancel failed; "" when it did not. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** True once a first listing arrived. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty refreshingProperty() {
        return refreshing.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canAttachProperty() {
        return canAttach.getReadOnlyProperty();
    }

    /** A running job is selected and no cancel of it is in flight. */
    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    // Commands

    /** Lists the fleet's jobs in the background; a refresh asked for while one runs happens right after it. */
    public void refresh() {
        if (refreshing.get()) {
            refreshAgain = true;
            return;
        }
        refreshing.set(true);
        Tasks.supply(jobs::listAll).onSuccess(this::show).onErrorMessage(problem::set).andFinally(() -> {
            refreshing.set(false);
            if (refreshAgain) {
                refreshAgain = false;
                refresh();
            }
        }).start(dispatch);
    }

    /** Shows the selected job's kept output, then its live output, in the output area. */
    public void attachSelected() {
        JobRow row = selected.get();
        if (row != null) {
            attacher.accept(row.status());
        }
    }

    /** Cancels the selected job if it runs (the view asks for confirmation first). */
    public void cancelSelected() {
        JobRow row = selected.get();
        if (row == null || !canCancel.get()) {
            return;
        }
        JobRef ref = row.ref();
        cancelling.add(ref);
        updateCommands();
        Tasks.supply(() -> jobs.cancel(ref)).onSuccess(status -> {
            row.update(status, clock);
            problem.set("");
        }).onErrorMessage(message -> problem.set("Cannot cancel " + ref + ": " + message)).andFinally(() -> {
            cancelling.remove(ref);
            updateCommands();
            refresh();
        }).start(dispatch);
    }

    private void show(FleetJobs fleet) {
        Map<JobRef, JobRow> existing = new HashMap<>();
        rows.forEach(r -> existing.put(r.ref(), r));
        Set<JobRef> listed = fleet.jobs().stream().map(JobStatus::ref).collect(Collectors.toSet());
        rows.removeIf(r -> !listed.contains(r.ref()));
        int index = 0;
        for (JobStatus status : fleet.jobs()) {
            JobRow row = existing.get(status.ref());
            if (row == null) {
                rows.add(Math.min(index, rows.size()), new JobRow(status, clock));
            } else {
                row.update(status, clock);
            }
            index++;
        }
        long running = fleet.running();
        summary.set(running + " running · " + (fleet.jobs().size() - running) + " recent");
        unreachable.set(fleet.unreachable().isEmpty() ? "" : "Jobs not listed for " + String.join(", ", fleet.unreachable().keySet())
                + ": " + String.join("; ", fleet.unreachable().values()));
        problem.set("");
        loaded.set(true);
        updateCommands();
    }

    private void updateCommands() {
        JobRow row = selected.get();
        canAttach.set(row != null);
        canCancel.set(row != null && row.stateProperty().get() == ExecState.RUNNING && !cancelling.contains(row.ref()));
    }
}
