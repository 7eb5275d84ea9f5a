package fr.interrupt.meshcp.desktop.activity;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.audit.AuditEntry;
import fr.interrupt.meshcp.hub.audit.AuditQuery;
import fr.interrupt.meshcp.hub.audit.AuditReader;
import fr.interrupt.meshcp.hub.audit.AuditTail;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Activity page: the hub's audit.log as it is written, newest first, whoever wrote it (the CLI, this app, Claude
 * through {@code serve}). Reading, parsing and filtering are the hub's ({@link AuditReader}, {@link AuditQuery}); this
 * keeps the last {@link #KEEP} entries, the filters' choices, and opens an exec's job while its agent still keeps it.
 */
public final class ActivityViewModel {
    /** The most entries held (older ones drop off the end). */
    public static final int KEEP = 2000;

    /** Looks a job up on its agent (blocking; throws with the agent's sentence when it is not kept). */
    @FunctionalInterface
    public interface JobLookup {
        JobStatus get(JobRef job);
    }

    private final AuditReader reader;
    private final JobLookup jobs;
    private final Consumer<JobStatus> opener;
    private final Dispatch dispatch;
    private final Clock clock;

    private final ObservableList<AuditEntry> entries = FXCollections.observableArrayList();
    private final FilteredList<AuditEntry> visible = new FilteredList<>(FXCollections.unmodifiableObservableList(entries));
    private final ObservableList<String> machines = FXCollections.observableArrayList();
    private final ObservableList<String> callers = FXCollections.observableArrayList();
    private final ObservableList<String> actions = FXCollections.observableArrayList();
    private final StringProperty machineFilter = new SimpleStringProperty("");
    private final StringProperty callerFilter = new SimpleStringProperty("");
    private final StringProperty actionFilter = new SimpleStringProperty("");
    private final StringProperty textFilter = new SimpleStringProperty("");
    private final ObjectProperty<AuditEntry> selected = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper canOpen = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<Instant> now;
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();

    private AuditTail tail;
    private boolean reading;
    private boolean closed;

    /** {@code opener} shows a job found by {@link #openSelected} (the Run command page's attach); FX thread. */
    public ActivityViewModel(AuditReader reader, JobLookup jobs, Consumer<JobStatus> opener, Dispatch dispatch, Clock clock) {
        this.reader = reader;
        this.jobs = jobs;
        this.opener = opener;
        this.dispatch = dispatch;
        this.clock = clock;
        this.now = new ReadOnlyObjectWrapper<>(clock.instant());
        machineFilter.addListener((o, old, v) -> applyFilter());
        callerFilter.addListener((o, old, v) -> applyFilter());
        actionFilter.addListener((o, old, v) -> applyFilter());
        textFilter.addListener((o, old, v) -> applyFilter());
        canOpen.bind(Bindings.createBooleanBinding(() -> selected.get() != null && selected.get().job().isPresent(), selected));
        visible.predicateProperty().addListener((o, old, v) -> updateSummary());
    }

    // Properties

    /** The entries that pass the filters, newest first. */
    public FilteredList<AuditEntry> visibleEntries() {
        return visible;
    }

    /** Every entry held, newest first (at most {@link #KEEP}). */
    public ObservableList<AuditEntry> entries() {
        return FXCollections.unmodifiableObservableList(entries);
    }

    /** The machines named in the entries held, sorted: the machine filter's choices ("" is any). */
    public ObservableList<String> machineChoices() {
        return machines;
    }

    /** The faces and callers in the entries ("cli", "cli:alice", "mcp", "mcp:alice"...): the caller filter's choices. */
    public ObservableList<String> callerChoices() {
        return callers;
    }

    /** The actions in the entries, and "mcp" for every tool call of Claude's: the action filter's choices. */
    public ObservableList<String> actionChoices() {
        return actions;
    }

    /** One machine's name, or "" for every machine. */
    public StringProperty machineFilterProperty() {
        return machineFilter;
    }

    /** A face ("mcp") or a caller ("mcp:alice"), or "" for everyone. */
    public StringProperty callerFilterProperty() {
        return callerFilter;
    }

    /** An action ("exec"), "mcp" for Claude's tool calls, or "" for every action. */
    public StringProperty actionFilterProperty() {
        return actionFilter;
    }

    /** Text found in the command, path, caller... ("" for none). */
    public StringProperty textFilterProperty() {
        return textFilter;
    }

    public ObjectProperty<AuditEntry> selectedProperty() {
        return selected;
    }

    /** True when the selected entry started a job (an exec with its job id). */
    public ReadOnlyBooleanProperty canOpenProperty() {
        return canOpen.getReadOnlyProperty();
    }

    /** The time "2 min ago" counts from; moves at every read. */
    public ReadOnlyObjectProperty<Instant> nowProperty() {
        return now.getReadOnlyProperty();
    }

    /** "12 of 340 entries" or "340 entries". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why audit.log cannot be read, or "". */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** The outcome of the last "open job" (a sentence), or "". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True once the file has been read once. */
    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    /** The file shown. */
    public String file() {
        return reader.path().toString();
    }

    // Commands

    /** Reads what was appended to audit.log since the last read (the first time: its last {@link #KEEP} entries). */
    public void checkForChanges() {
        if (reading || closed) {
            return;
        }
        reading = true;
        Tasks.supply(() -> {
            if (tail == null) {
                tail = reader.tail(AuditQuery.ALL, KEEP);
            }
            try {
                return tail.poll();
            } catch (java.io.IOException e) {
                throw reader.unreadable(e);
            }
        }).onSuccess(batch -> {
            problem.set("");
            add(batch.entries());
        }).onErrorMessage(problem::set).andFinally(() -> {
            reading = false;
            loaded.set(true);
            now.set(clock.instant());
        }).start(dispatch);
    }

    /** Clears the four filters. */
    public void clearFilters() {
        machineFilter.set("");
        callerFilter.set("");
        actionFilter.set("");
        textFilter.set("");
    }

    /** Opens the selected exec's job (its kept output, then live) on the Run command page, or says why it cannot. */
    public void openSelected() {
        AuditEntry entry = selected.get();
        JobRef ref = entry == null ? null : entry.job().orElse(null);
        if (ref == null) {
            status.set(entry == null ? "" : "This line started no job: only exec lines with a job id can be opened.");
            return;
        }
        status.set("Opening " + ref + "…");
        Tasks.supply(() -> jobs.get(ref)).onSuccess(job -> {
            status.set("");
            opener.accept(job);
        }).onErrorMessage(message -> status.set("Cannot open " + ref + ": " + message
                + " (an agent keeps a finished job for an hour by default, and none after it restarts)")).start(dispatch);
    }

    /** Stops reading (the app is closing). */
    public void close() {
        closed = true;
        if (tail != null) {
            tail.close();
        }
    }

    private void add(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            updateSummary();
            return;
        }
        List<AuditEntry> newestFirst = new ArrayList<>(batch);
        java.util.Collections.reverse(newestFirst);
        entries.addAll(0, newestFirst);
        if (entries.size() > KEEP) {
            entries.remove(KEEP, entries.size());
        }
        updateChoices();
        updateSummary();
    }

    private void updateChoices() {
        TreeSet<String> m = new TreeSet<>();
        TreeSet<String> c = new TreeSet<>();
        TreeSet<String> a = new TreeSet<>();
        for (AuditEntry e : entries) {
            if (e.machine() != null) {
                m.add(e.machine());
            }
            if (!e.caller().isEmpty()) {
                c.add(e.caller());
                c.add(e.face());
            }
            if (!e.action().isEmpty()) {
                a.add(e.action());
                if (e.action().startsWith("mcp:")) {
                    a.add("mcp");
                }
            }
        }
        offer(machines, m);
        offer(callers, c);
        offer(actions, a);
    }

    /**
     * Adds the values not yet offered, in sorted place after "" (any). Nothing is removed or replaced: replacing a
     * combo box's items could clear the choice a person made; a value whose lines dropped off simply matches nothing.
     */
    private static void offer(ObservableList<String> list, TreeSet<String> values) {
        if (list.isEmpty()) {
            list.add("");
        }
        for (String value : values) {
            int at = java.util.Collections.binarySearch(list.subList(1, list.size()), value);
            if (at < 0) {
                list.add(-at, value); // binarySearch gives -(insertion point in the sublist) - 1
            }
        }
    }

    private void applyFilter() {
        AuditQuery query = new AuditQuery(machineFilter.get(), callerFilter.get(), actionFilter.get(), textFilter.get());
        visible.setPredicate(query.isAll() ? null : query::matches);
    }

    private void updateSummary() {
        int all = entries.size();
        String noun = all == 1 ? " entry" : " entries";
        summary.set(visible.getPredicate() == null ? all + noun : visible.size() + " of " + all + noun);
    }

    /** Who, for people: "Claude (mcp:alice)" for MCP callers, the caller as written otherwise ("cli:alice"). */
    public static String who(AuditEntry entry) {
        return entry.face().equals("mcp") ? "Claude (" + entry.caller() + ")" : entry.caller();
    }
}
