package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    private final ObservableList<MachineRow> rows = FXCollections.observableArrayList(MachineRow::observables);
    private final ObservableList<MachineRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final FilteredList<MachineRow> visibleRows = new FilteredList<>(readOnlyRows);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper refreshing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper noMatch = new ReadOnlyBooleanWrapper();

    private long registryVersion = Long.MIN_VALUE;
    private boolean checkingRegistry;

    public MachinesViewModel(FleetProbe probe, Dispatch dispatch, Clock clock) {
        this.probe = probe;
        this.dispatch = dispatch;
        this.clock = clock;
        visibleRows.predicateProperty().bind(Bindings.createObjectBinding(() -> matcher(filter.get()), filter));
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

    /** The filter box's text (input, so writable): matches name, address, platform or status. */
    public StringProperty filterProperty() {
        return filter;
    }

    /** True once loaded with no machine at all: the view shows how to add the first one. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
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
        Map<String, MachineRow> byName = new HashMap<>();
        rows.forEach(r -> byName.put(r.name(), r));
        Set<String> present = new HashSet<>();
        for (MachineSnapshot snapshot : snapshots) {
            String name = snapshot.machine().name();
            present.add(name);
            MachineRow row = byName.get(name);
            if (row == null) {
                row = new MachineRow(name);
                row.update(snapshot, clock.instant());
                rows.add(row);
            } else {
                row.update(snapshot, clock.instant());
            }
        }
        rows.removeIf(r -> !present.contains(r.name()));
        loaded.set(true);
        long online = rows.stream().filter(r -> r.reachability() == Reachability.ONLINE).count();
        summary.set(rows.isEmpty() ? "" : online + " of " + rows.size() + " online");
    }

    private static java.util.function.Predicate<MachineRow> matcher(String text) {
        String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty()) {
            return row -> true;
        }
        return row -> contains(row.name(), needle) || contains(row.addressProperty().get(), needle)
                || contains(row.platformProperty().get(), needle) || contains(row.reachability().label(), needle)
                || contains(row.agentVersionProperty().get(), needle);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack != null && haystack.toLowerCase(Locale.ROOT).contains(needle);
    }

    private record Probe(long registryVersion, List<MachineSnapshot> snapshots) {
    }

    private record Listing(long registryVersion, List<Machine> machines) {
    }
}
