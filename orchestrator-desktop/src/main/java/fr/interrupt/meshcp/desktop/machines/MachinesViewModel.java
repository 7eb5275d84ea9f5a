package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.shared.labels.Labels;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The machines table: every enrolled machine with its live status, refreshed in the background,
 * rows updated in place. Notices registry changes made by other processes on the same data dir.
 */
public final class MachinesViewModel {
    private final FleetProbe probe;
    private final Dispatch dispatch;
    private final Clock clock;

    private final MachineRowList rows = new MachineRowList();
    private final ObservableList<MachineRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<MachineRow> visibleRows = new FilteredList<>(readOnlyRows);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper noMatch = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper filterProblem = new ReadOnlyStringWrapper();

    /** A filter with one of these characters, or the word in or notin after a key, is read as a label selector. */
    private static final String SELECTOR_CHARS = "=!()";
    private static final Pattern SET_OPERATOR = Pattern.compile("\\S\\s+(in|notin)(\\s|$)");

    private final List<Runnable> pollListeners = new java.util.ArrayList<>();
    private long registryVersion = Long.MIN_VALUE;
    private boolean checkingRegistry;

    public MachinesViewModel(FleetProbe probe, Dispatch dispatch, Clock clock) {
        this.probe = probe;
        this.dispatch = dispatch;
        this.clock = clock;
        filter.addListener((o, old, text) -> applyFilter(text));
        empty.bind(loaded.and(Bindings.isEmpty(rows)));
        noMatch.bind(Bindings.isNotEmpty(rows).and(Bindings.isEmpty(visibleRows)));
    }

    // Properties

    /** Every row, for selections elsewhere (the console's machine list). */
    public ObservableList<MachineRow> rows() {
        return readOnlyRows;
    }

    /** The rows that match the filter; the table sorts them. */
    public FilteredList<MachineRow> visibleRows() {
        return visibleRows;
    }

    /**
     * The filter box's text (input, so writable). Text with {@code = ! ( )} is a label selector in Kubernetes' syntax
     * ({@code env=prod,role!=db}, {@code env in (prod,staging)}, {@code !gpu}: {@link LabelSelector}; also text with
     * the word {@code in} or {@code notin} after another word); other text is
     * looked for in the name, address, platform, status, agent version and labels.
     */
    public StringProperty filterProperty() {
        return filter;
    }

    /** True once loaded with no machine at all: the view shows how to add the first one. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    /** Why the filter is not a valid label selector (a sentence), or null. */
    public ReadOnlyStringProperty filterProblemProperty() {
        return filterProblem.getReadOnlyProperty();
    }

    /** True when machines exist but none matches the filter. */
    public ReadOnlyBooleanProperty noMatchProperty() {
        return noMatch.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty refreshingProperty() {
        return refreshing.getReadOnlyProperty();
    }

    /** Why the last refresh failed (e.g. a corrupt registry), or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** "2 of 3 online". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public MachineRow row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Runs {@code listener} on the FX thread after each poll of the fleet has updated the rows (every {@code REFRESH}),
     * not after a registry-only change: the health history takes one sample per poll from it.
     */
    public void onPolled(Runnable listener) {
        pollListeners.add(listener);
    }

    // Commands

    /** Pings every machine and reads their status, then updates the rows. Skipped while one runs. */
    public void refresh() {
        if (refreshing.get()) {
            return;
        }
        refreshing.set(true);
        Tasks.supply(() -> {
            long version = probe.registryVersion();
            return new Probe(version, probe.take());
        }).onSuccess(result -> {
            registryVersion = result.registryVersion;
            apply(result.snapshots);
            problem.set(null);
            pollListeners.forEach(Runnable::run);
        }).onErrorMessage(problem::set).andFinally(() -> refreshing.set(false)).start(dispatch);
    }

    /**
     * Cheap check (a file's modification time) for machines enrolled or removed by any process; when
     * the registry changed, the rows follow at once and a full refresh is started.
     */
    public void checkForChanges() {
        if (checkingRegistry) {
            return;
        }
        checkingRegistry = true;
        long known = registryVersion;
        Tasks.supply(() -> {
            long version = probe.registryVersion();
            return version == known ? null : new Listing(version, probe.machines());
        }).onSuccess(listing -> {
            if (listing != null) {
                registryVersion = listing.registryVersion;
                apply(listing.machines.stream().map(MachineSnapshot::unchecked).toList());
                refresh();
            }
        }).onErrorMessage(problem::set).andFinally(() -> checkingRegistry = false).start(dispatch);
    }

    private void apply(List<MachineSnapshot> snapshots) {
        rows.batch(() -> applyRows(snapshots));
        loaded.set(true);
        long online = rows.stream().filter(r -> r.reachability() == Reachability.ONLINE).count();
        summary.set(rows.isEmpty() ? "" : online + " of " + rows.size() + " online");
    }

    /** Updates rows in place, adds the new machines at the end, then drops the rows of machines gone. */
    private void applyRows(List<MachineSnapshot> snapshots) {
        Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            indexByName.put(rows.get(i).name(), i);
        }
        Set<String> present = new HashSet<>();
        for (MachineSnapshot snapshot : snapshots) {
            String name = snapshot.machine().name();
            present.add(name);
            Integer index = indexByName.get(name);
            if (index == null) {
                MachineRow row = new MachineRow(name);
                row.update(snapshot, clock.instant());
                rows.add(row);
            } else {
                rows.get(index).update(snapshot, clock.instant());
                rows.updated(index);
            }
        }
        rows.removeIf(r -> !present.contains(r.name()));
    }

    private void applyFilter(String text) {
        String t = text == null ? "" : text.strip();
        if (t.chars().anyMatch(c -> SELECTOR_CHARS.indexOf(c) >= 0) || SET_OPERATOR.matcher(t).find()) {
            try {
                LabelSelector selector = LabelSelector.parse(t);
                filterProblem.set(null);
                visibleRows.setPredicate(row -> selector.matches(row.labelsProperty().get()));
            } catch (IllegalArgumentException e) {
                filterProblem.set("Not a valid label selector: " + e.getMessage());
                visibleRows.setPredicate(row -> false);
            }
            return;
        }
        filterProblem.set(null);
        String needle = t.toLowerCase(Locale.ROOT);
        visibleRows.setPredicate(needle.isEmpty() ? null : row -> contains(row.name(), needle) || contains(row.addressProperty().get(), needle)
                || contains(row.platformProperty().get(), needle) || contains(row.reachability().label(), needle)
                || contains(row.agentVersionProperty().get(), needle) || contains(Labels.format(row.labelsProperty().get()), needle));
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private record Probe(long registryVersion, List<MachineSnapshot> snapshots) {
    }

    private record Listing(long registryVersion, List<Machine> machines) {
    }
}
