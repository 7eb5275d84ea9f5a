package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.Observable;
import org.junit.jupiter.api.Test;

/** The table's view of its sorted rows: rows added, removed and moved reach it; values changed in place do not. */
class StructuralChangesOnlyTest {
    /** Rows with one value, reporting its changes as list updates (an extractor). */
    private final ObservableList<SimpleIntegerProperty> rows =
            FXCollections.observableArrayList(row -> new Observable[] {row});
    private final SortedList<SimpleIntegerProperty> sorted = new SortedList<>(rows, Comparator.comparingInt(SimpleIntegerProperty::get));
    private final StructuralChangesOnly<SimpleIntegerProperty> view = new StructuralChangesOnly<>(sorted);
    private final List<String> heard = new ArrayList<>();

    StructuralChangesOnlyTest() {
        rows.addAll(new SimpleIntegerProperty(10), new SimpleIntegerProperty(20), new SimpleIntegerProperty(30));
        view.addListener((ListChangeListener<SimpleIntegerProperty>) c -> {
            while (c.next()) {
                heard.add(c.wasPermutated() ? "moved" : c.wasReplaced() ? "replaced" : c.wasAdded() ? "added" : c.wasRemoved() ? "removed" : "updated");
            }
        });
    }

    private List<Integer> values() {
        return view.stream().map(SimpleIntegerProperty::get).toList();
    }

    @Test
    void aValueChangedInPlaceThatKeepsTheOrderReachesNoListener() {
        rows.get(1).set(25);

        assertThat(heard).isEmpty(); // the sorted list itself reports a permutation of every row and an update
        assertThat(values()).containsExactly(10, 25, 30);
    }

    @Test
    void aValueThatMovesItsRowIsReportedAsAMove() {
        rows.get(0).set(40);

        assertThat(heard).containsExactly("moved");
        assertThat(values()).containsExactly(20, 30, 40);
    }

    @Test
    void rowsAddedAndRemovedAreReported() {
        rows.add(new SimpleIntegerProperty(15));
        rows.remove(2);

        assertThat(heard).containsExactly("added", "removed");
        assertThat(values()).containsExactly(10, 15, 20);
    }

    @Test
    void aNewOrderIsReportedAsAMove() {
        sorted.setComparator(Comparator.comparingInt(SimpleIntegerProperty::get).reversed());

        assertThat(heard).containsExactly("moved");
        assertThat(values()).containsExactly(30, 20, 10);
    }
}
