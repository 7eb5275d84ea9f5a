package fr.interrupt.meshcp.desktop.console;

import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.HashMap;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.desktop.ui.UserMessages;
import fr.interrupt.meshcp.hub.jobs.Attachment;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * Runs one command on one or several machines at once, each as a job kept by its machine's agent and
 * followed live into its own run; cancel cancels those jobs. Following stops when the app closes or a
 * new run replaces the tabs, but a job is never killed for that. The Jobs list ({@link #jobs()}) shows
 * every face's jobs; attaching one adds it to the output area.
 */
public final class ConsoleViewModel {
    /** Lines kept per machine: older ones are dropped (with a note) so long output stays responsive. */
    public static final int MAX_LINES = 20_000;

    private final JobsApi jobsApi;
    private final Dispatch dispatch;
    private final Clock clock;
    private final JobsViewModel jobs;
    private final ObservableList<Target> targets = FXCollections.observableArrayList(
            t -> new Observable[] {t.selectedProperty(), t.reachabilityProperty()});
    private final ObservableList<Target> readOnlyTargets = FXCollections.unmodifiableObservableList(targets);
    private final StringProperty command = new SimpleStringProperty("");
    private final ObservableList<MachineRun> runs = FXCollections.observableArrayList();
    private final ObservableList<MachineRun> readOnlyRuns = FXCollections.unmodifiableObservableList(runs);
    private final ReadOnlyObjectWrapper<MachineRun> shown = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper();
    private final CommandHistory history = new CommandHistory();
    private int unfinished;

    public ConsoleViewModel(JobsApi jobsApi, ObservableList<MachineRow> machines, Dispatch dispatch, Clock clock) {
        this.jobsApi = jobsApi;
        this.dispatch = dispatch;
        this.clock = clock;
        this.jobs = new JobsViewModel(jobsApi, dispatch, clock, this::attach);
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

    /** One per machine of the current (or last) run, then the jobs attached from the Jobs list. */
    public ObservableList<MachineRun> runs() {
        return readOnlyRuns;
    }

    /** The run whose output should be in front (the first of a new run, a job just attached). */
    public ReadOnlyObjectProperty<MachineRun> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** True while a run started here has machines whose job has not ended. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public CommandHistory history() {
        return history;
    }

    /** The fleet's running and recent jobs. */
    public JobsViewModel jobs() {
        return jobs;
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

    /** Starts the command as a job on every picked machine and follows each. */
    public void run() {
        if (!canRun.get()) {
            return;
        }
        String text = command.get().strip();
        ExecOptions options = ExecOptions.of(text);
        history.add(text);
        List<MachineRun> started = targets.stream().filter(t -> t.selectedProperty().get())
                .map(t -> MachineRun.own(t.name(), text, dispatch.ui(), MAX_LINES, clock)).toList();
        runs.forEach(MachineRun::detach);
        runs.setAll(started);
        shown.set(started.get(0));
        unfinished = started.size();
        running.set(true);
        command.set("");
        Map<String, MachineRun> byMachine = new HashMap<>();
        started.forEach(run -> byMachine.put(run.machine(), run));
        // the hub's one fan-out: at most FanOut.DEFAULT_PARALLELISM machines starting at once, each apart
        FanOut.start(List.copyOf(byMachine.keySet()), FanOut.DEFAULT_PARALLELISM, machine -> {
            MachineRun run = byMachine.get(machine);
            return CompletableFuture.supplyAsync(() -> start(run, options), dispatch.background())
                    .whenComplete((attachment, failure) -> dispatch.ui().execute(() -> {
                        if (failure == null) {
                            follow(run, attachment);
                        } else {
                            run.failed(UserMessages.describe(failure));
                            finishedOne(run);
                        }
                    }));
        });
    }

    /** Cancels the jobs of this console's run still going (those not yet started are cancelled as they start). */
    public void cancel() {
        runs.stream().filter(r -> r.isOwn() && r.followingProperty().get()).forEach(MachineRun::requestCancel);
    }

    /** Shows a job's kept output then its live output, in a tab of its own (or brings its tab to the front). */
    public void attach(JobStatus status) {
        MachineRun existing = runs.stream().filter(r -> status.ref().equals(r.jobRef())).findFirst().orElse(null);
        if (existing != null) {
            shown.set(existing);
            return;
        }
        MachineRun run = MachineRun.attached(status, dispatch.ui(), MAX_LINES, clock);
        runs.add(run);
        shown.set(run);
        Tasks.supply(() -> {
            Attachment attachment = jobsApi.attach(status.ref(), run.listener());
            run.attached(attachment);
            return attachment;
        }).onSuccess(attachment -> follow(run, attachment)).onErrorMessage(run::lost).start(dispatch);
    }

    /** Stops following every job shown (the app is closing); the jobs run on. */
    public void detachAll() {
        runs.forEach(MachineRun::detach);
    }

    /** Background thread: starts the machine's job, then attaches to it before anything else. */
    private Attachment start(MachineRun run, ExecOptions options) {
        JobStatus status = jobsApi.start(run.machine(), options);
        run.jobStarted(status.ref());
        run.onCancel(() -> cancelJob(run, status.ref()));
        Attachment attachment = jobsApi.attach(status.ref(), run.listener());
        run.attached(attachment);
        return attachment;
    }

    /** UI thread: the job is followed; its end (or the loss of its machine) is shown when it comes. */
    private void follow(MachineRun run, Attachment attachment) {
        if (run.isOwn()) {
            jobs.refresh();
        }
        attachment.ended().whenComplete((status, failure) -> dispatch.ui().execute(() -> {
            if (failure == null) {
                run.finished(status);
            } else {
                run.lost(UserMessages.describe(failure));
            }
            finishedOne(run);
        }));
    }

    private void cancelJob(MachineRun run, JobRef job) {
        Tasks.run(() -> jobsApi.cancel(job)).onErrorMessage(message -> run.note("Cannot cancel: " + message)).start(dispatch);
    }

    /** UI thread: one machine of this console's current run is done; the Jobs list shows its end at once. */
    private void finishedOne(MachineRun run) {
        if (!run.isOwn() || !runs.contains(run)) {
            return;
        }
        unfinished--;
        if (unfinished <= 0) {
            running.set(false);
        }
        jobs.refresh();
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
