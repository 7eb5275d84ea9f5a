package fr.interrupt.meshcp.desktop.ui;

import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.TransformationList;

/**
 * A view of {@code source} with the same rows in the same order that reports rows added, removed, replaced and moved,
 * but neither rows updated in place nor a permutation that leaves every row where it was. For a {@link
 * javafx.scene.control.TableView} whose cells follow their rows' properties: it rebuilds its visible cells (and their
 * CSS) on every change of its items, and a {@link javafx.collections.transformation.SortedList} reports each update
 * of its source as a permutation of the whole list, moved rows or not. FX thread, like its source.
 */
public final class StructuralChangesOnly<E> extends TransformationList<E, E> {

    public StructuralChangesOnly(ObservableList<? extends E> source) {
        super(source);
    }

    @Override
    protected void sourceChanged(ListChangeListener.Change<? extends E> change) {
        beginChange();
        try {
            while (change.next()) {
                if (change.wasPermutated()) {
                    permuted(change);
                } else if (change.wasReplaced()) {
                    nextReplace(change.getFrom(), change.getTo(), change.getRemoved());
                } else if (change.wasRemoved()) {
                    nextRemove(change.getFrom(), change.getRemoved());
                } else if (change.wasAdded()) {
                    nextAdd(change.getFrom(), change.getTo());
                }
                // wasUpdated: left out on purpose
            }
        } finally {
            endChange();
        }
    }

    private void permuted(ListChangeListener.Change<? extends E> change) {
        int from = change.getFrom();
        int[] permutation = new int[change.getTo() - from];
        boolean moved = false;
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = change.getPermutation(from + i);
            moved |= permutation[i] != from + i;
        }
        if (moved) {
            nextPermutation(from, change.getTo(), permutation);
        }
    }

    @Override
    public E get(int index) {
        return getSource().get(index);
    }

    @Override
    public int size() {
        return getSource().size();
    }

    @Override
    public int getSourceIndex(int index) {
        return index;
    }

    @Override
    public int getViewIndex(int index) {
        return index;
    }
}
