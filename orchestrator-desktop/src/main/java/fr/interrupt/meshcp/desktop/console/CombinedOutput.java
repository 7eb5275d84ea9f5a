package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.ui.Styles;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import java.util.List;
import java.util.Objects;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;

/**
 * The machines' outputs of one run side by side: one column per machine, line N of each on row N, and the rows
 * where the machines' lines differ (or one has no such line) marked, so a fleet's odd one out stands out.
 * Follows the runs live; lines are compared as text, stdout and stderr alike, in the order each machine sent them,
 * among the machines where the command started.
 */
public final class CombinedOutput {
    private final List<MachineRun> runs;
    private final ObservableList<Integer> rows = FXCollections.observableArrayList();
    private final TableView<Integer> table = new TableView<>(rows);
    private boolean scheduled;

    /** A view over {@code runs} (at least one); FX thread. */
    public CombinedOutput(List<MachineRun> runs) {
        this.runs = List.copyOf(runs);
        table.setId("combined-output");
        table.getStyleClass().addAll("combined-output", Styles.MONO);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No output yet."));
        TableColumn<Integer, String> number = new TableColumn<>("#");
        number.setCellValueFactory(c -> new ReadOnlyStringWrapper(String.valueOf(c.getValue() + 1)));
        number.getStyleClass().add("line-number");
        number.setSortable(false);
        number.setPrefWidth(56);
        number.setMinWidth(48);
        number.setMaxWidth(80);
        table.getColumns().add(number);
        for (MachineRun run : this.runs) {
            TableColumn<Integer, OutputLine> column = new TableColumn<>(run.title());
            column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(lineAt(run, c.getValue())));
            column.setCellFactory(c -> new LineCell());
            column.setSortable(false);
            column.setPrefWidth(260);
            table.getColumns().add(column);
            run.lines().addListener((ListChangeListener<OutputLine>) c -> schedule());
            run.stateProperty().addListener((obs, old, state) -> schedule());
        }
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(Integer index, boolean empty) {
                super.updateItem(index, empty);
                getStyleClass().remove("differs");
                if (!empty && index != null && differs(index)) {
                    getStyleClass().add("differs");
                }
            }
        });
        update();
    }

    public List<MachineRun> runs() {
        return runs;
    }

    public TableView<Integer> view() {
        return table;
    }

    /**
     * Whether line {@code index} is not the same text on every machine that ran the command (a missing line
     * counts; a machine where it could not start is left out of the comparison: its column holds only why).
     */
    public boolean differs(int index) {
        List<MachineRun> ran = runs.stream().filter(r -> r.stateProperty().get() != ExecState.FAILED).toList();
        if (ran.size() < 2) {
            return false;
        }
        String first = textAt(ran.get(0), index);
        for (MachineRun run : ran) {
            if (!Objects.equals(first, textAt(run, index))) {
                return true;
            }
        }
        return false;
    }

    /** The number of rows: the longest output's line count. */
    public int lineCount() {
        return rows.size();
    }

    private void schedule() {
        if (!scheduled) {
            scheduled = true;
            Platform.runLater(this::update);
        }
    }

    private void update() {
        scheduled = false;
        int longest = runs.stream().mapToInt(r -> r.lines().size()).max().orElse(0);
        if (longest > rows.size()) {
            Integer[] more = new Integer[longest - rows.size()];
            for (int i = 0; i < more.length; i++) {
                more[i] = rows.size() + i;
            }
            rows.addAll(more);
        } else if (longest < rows.size()) {
            rows.remove(longest, rows.size());
        }
        table.refresh(); // a line may have arrived on a row already shown
    }

    private static OutputLine lineAt(MachineRun run, int index) {
        List<OutputLine> lines = run.lines();
        return index < lines.size() ? lines.get(index) : null;
    }

    private static String textAt(MachineRun run, int index) {
        OutputLine line = lineAt(run, index);
        return line == null ? null : line.text();
    }

    private static final class LineCell extends TableCell<Integer, OutputLine> {
        @Override
        protected void updateItem(OutputLine line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll(Styles.STDERR, Styles.NOTE);
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line.text());
            if (line.kind() == OutputLine.Kind.STDERR) {
                getStyleClass().add(Styles.STDERR);
            } else if (line.kind() == OutputLine.Kind.NOTE) {
                getStyleClass().add(Styles.NOTE);
            }
        }
    }
}
