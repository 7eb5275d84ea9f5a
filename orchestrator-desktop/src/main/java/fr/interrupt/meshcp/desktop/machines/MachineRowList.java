package fr.interrupt.meshcp.desktop.machines;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.ModifiableObservableListBase;

/**
 * The machine rows as one observable list that reports a whole poll as one change: rows added, removed, and
 * updated in place ({@link #updated}). A list with an extractor would fire one change per property of every row
 * (a sorted view then re-sorts on each: with 1,000 machines, thousands of full sorts per poll); this one lets the
 * table, its sorted and filtered views and the other pages' machine lists react once per poll.
 */
final class MachineRowList extends ModifiableObservableListBase<MachineRow> {
    private final List<MachineRow> rows = new ArrayList<>();

    /** Runs {@code change} (adds, removes and {@link #updated} calls) so that listeners see one list change. FX thread. */
    void batch(Runnable change) {
        beginChange();
        try {
            change.run();
        } finally {
            endChange();
        }
    }

    /** Tells listeners that the row at {@code index} changed its values in place; only inside {@link #batch}. */
    void updated(int index) {
        nextUpdate(index);
    }

    @Override
    public MachineRow get(int index) {
        return rows.get(index);
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    protected void doAdd(int index, MachineRow element) {
        rows.add(index, element);
    }

    @Override
    protected MachineRow doSet(int index, MachineRow element) {
        return rows.set(index, element);
    }

    @Override
    protected MachineRow doRemove(int index) {
        return rows.remove(index);
    }
}
