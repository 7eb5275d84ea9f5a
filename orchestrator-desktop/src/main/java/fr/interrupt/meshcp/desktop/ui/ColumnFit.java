package fr.interrupt.meshcp.desktop.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Column widths that follow a table's content and its width: each column is as wide as its header and its
 * widest cell text (measured in the font the column's cells are drawn with, or its minimum width), and the
 * table's spare width goes to the growing columns. When the columns cannot fit, the elastic ones give up width
 * first, down to what their header needs; past that every column keeps its width and the table scrolls
 * sideways ({@link TableView#UNCONSTRAINED_RESIZE_POLICY}). Widths are recomputed from scratch on every change
 * of width or rows, so a shrink then grow of the window gets back the same widths. A column the person resized
 * keeps the width they gave it.
 * <p>
 * Rows whose values changed in place (a list update, such as a poll of the machines) are measured again at most
 * once per {@link #CONTENT_REFIT}: measuring every row's text costs milliseconds with a thousand rows, too much
 * for every poll of a table that changes ten times a second. A change of width, skin, sort or rows added or removed
 * is fitted at the next pulse.
 */
public final class ColumnFit<S> {
    /** Room around a cell's text: the cell's padding and a little air (px). */
    static final double CELL_PADDING = 16;
    /** Room around a header's text: its padding (px). */
    static final double HEADER_PADDING = 16;
    /** The sort arrow beside the header of the column the table is sorted by (px). */
    static final double SORT_ARROW = 16;
    /** At most one fit per this while rows only change their values in place. */
    public static final javafx.util.Duration CONTENT_REFIT = javafx.util.Duration.seconds(1);

    private final TableView<S> table;
    private final Map<TableColumn<S, ?>, Function<S, String>> texts = new LinkedHashMap<>();
    private final Map<TableColumn<S, ?>, Double> extras = new LinkedHashMap<>();
    private final Set<TableColumn<S, ?>> elastic = new java.util.HashSet<>();
    private final Set<TableColumn<S, ?>> pinned = new java.util.HashSet<>();
    private boolean fitting;
    private final Set<TableColumn<S, ?>> growing;
    private boolean scheduled;
    private boolean contentPending;
    private final javafx.animation.PauseTransition contentLater = new javafx.animation.PauseTransition(CONTENT_REFIT);
    private boolean guessedFont;
    /** The fonts and scroll bar found by the fit under way (one walk of the table's nodes per fit). */
    private Map<TableColumn<?, ?>, Font> cellFonts;
    private Font headerFont;
    private int retries;
    /**
     * Widths already measured: a table refreshed every few seconds shows mostly the same texts again, and a Text
     * node per cell per refit is what a refit of 1,000 rows costs. Cleared past {@link #MEASURED_LIMIT} entries.
     */
    private final Map<Measured, Double> widths = new java.util.HashMap<>();
    private static final int MEASURED_LIMIT = 50_000;

    private ColumnFit(TableView<S> table, Set<TableColumn<S, ?>> growing) {
        this.table = table;
        this.growing = growing;
    }

    /** Starts fitting {@code table}; {@code growing} share the spare width. Add the measured columns with {@link #text}. */
    public static <S> ColumnFit<S> install(TableView<S> table, Set<TableColumn<S, ?>> growing) {
        ColumnFit<S> fit = new ColumnFit<>(table, growing);
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.widthProperty().addListener((obs, old, now) -> fit.schedule());
        fit.contentLater.setOnFinished(e -> {
            fit.contentPending = false;
            fit.schedule();
        });
        table.itemsProperty().addListener((obs, old, now) -> {
            now.addListener((ListChangeListener<S>) fit::rowsChanged);
            fit.schedule();
        });
        table.getItems().addListener((ListChangeListener<S>) fit::rowsChanged);
        table.skinProperty().addListener((obs, old, now) -> fit.schedule());
        // a column the person resized (drag or double-click on its edge) keeps that width from then on
        for (TableColumn<S, ?> column : table.getColumns()) {
            column.prefWidthProperty().addListener((obs, old, now) -> {
                if (!fit.fitting) {
                    fit.pinned.add(column);
                }
            });
        }
        return fit;
    }

    /**
     * Measures {@code column} by the text its cells show for each row; {@code extra} is what the cell draws
     * besides that text (a status dot and its gap, in px). Columns not measured keep their minimum width.
     */
    public ColumnFit<S> text(TableColumn<S, ?> column, Function<S, String> text, double extra) {
        texts.put(column, text);
        extras.put(column, extra);
        schedule();
        return this;
    }

    /**
     * Lets {@code column} give up width, down to what its header needs, before the table scrolls sideways: its
     * cells cut their text then (they should say it whole in a tooltip), and show it whole again once there is room.
     * For columns such as labels or the OS, never for the ones people copy (addresses, versions).
     */
    public ColumnFit<S> elastic(TableColumn<S, ?> column) {
        elastic.add(column);
        schedule();
        return this;
    }

    /** Rows added or removed, or sorted: fit at the next pulse; values changed in place: within {@link #CONTENT_REFIT}. */
    private void rowsChanged(ListChangeListener.Change<? extends S> change) {
        boolean structural = false;
        while (change.next()) {
            structural |= !change.wasUpdated();
        }
        if (structural) {
            schedule();
        } else {
            contentChanged();
        }
    }

    /**
     * Also measures again, within {@link #CONTENT_REFIT}, when rows of {@code rows} change their values in place: for a
     * table whose items do not report such updates ({@link StructuralChangesOnly}).
     */
    public ColumnFit<S> refitOnUpdatesOf(ObservableList<?> rows) {
        rows.addListener((ListChangeListener<Object>) change -> {
            while (change.next()) {
                if (change.wasUpdated()) {
                    contentChanged();
                    return;
                }
            }
        });
        return this;
    }

    private void contentChanged() {
        if (!contentPending && !scheduled) {
            contentPending = true;
            contentLater.playFromStart();
        }
    }

    /** Fits once the current pulse is laid out (several changes in a row cost one fit). */
    public void schedule() {
        if (!scheduled) {
            scheduled = true;
            Platform.runLater(this::fit);
        }
    }

    /** Fits now. FX thread. */
    public void fit() {
        scheduled = false;
        guessedFont = false;
        List<TableColumn<S, ?>> columns = new ArrayList<>(table.getVisibleLeafColumns());
        if (columns.isEmpty() || table.getWidth() <= 0) {
            return;
        }
        contentPending = false;
        contentLater.stop();
        findFonts();
        try {
            fit(columns);
        } finally {
            cellFonts = null;
            headerFont = null;
        }
    }

    private void fit(List<TableColumn<S, ?>> columns) {
        Map<TableColumn<S, ?>, Double> widths = new LinkedHashMap<>();
        Map<TableColumn<S, ?>, Double> floors = new LinkedHashMap<>();
        double sum = 0;
        double room = 0;
        for (TableColumn<S, ?> column : columns) {
            double width = pinned.contains(column) ? column.getPrefWidth() : naturalWidth(column);
            widths.put(column, width);
            sum += width;
            if (elastic.contains(column) && !pinned.contains(column)) {
                floors.put(column, Math.min(width, headerWidth(column)));
                room += width - floors.get(column);
            }
        }
        double available = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset() - verticalBarWidth() - 2;
        double deficit = sum - available;
        if (deficit > 0 && room > 0) {
            double given = Math.min(deficit, room);
            for (TableColumn<S, ?> column : columns) {
                if (floors.containsKey(column)) {
                    double width = widths.get(column);
                    widths.put(column, width - given * (width - floors.get(column)) / room);
                }
            }
            sum -= given;
        }
        double spare = available - sum;
        double growingSum = widths.entrySet().stream().filter(e -> grows(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
        fitting = true;
        try {
            for (TableColumn<S, ?> column : columns) {
                double width = widths.get(column);
                if (spare > 0 && growingSum > 0 && grows(column)) {
                    width += spare * width / growingSum;
                }
                column.setPrefWidth(Math.floor(width));
            }
        } finally {
            fitting = false;
        }
        // before the first cells are drawn their font is not known yet: measure again once they are
        if (guessedFont && retries++ < 5) {
            javafx.animation.PauseTransition later = new javafx.animation.PauseTransition(javafx.util.Duration.millis(150));
            later.setOnFinished(e -> schedule());
            later.play();
        } else if (!guessedFont) {
            retries = 0;
        }
    }

    private boolean grows(TableColumn<S, ?> column) {
        return growing.contains(column) && !pinned.contains(column);
    }

    /** The width {@code column} needs: its header, its widest cell, and never less than its minimum. */
    double naturalWidth(TableColumn<S, ?> column) {
        double width = headerWidth(column);
        Function<S, String> text = texts.get(column);
        if (text == null) {
            return width;
        }
        Font font = cellFont(column);
        double widest = 0;
        for (S row : table.getItems()) {
            String shown = text.apply(row);
            if (shown != null) {
                widest = Math.max(widest, measure(shown, font));
            }
        }
        return Math.max(width, widest + CELL_PADDING + extras.getOrDefault(column, 0.0));
    }

    /** The header's text whole (with the sort arrow when sorted by it), and never less than the minimum width. */
    private double headerWidth(TableColumn<S, ?> column) {
        return Math.max(column.getMinWidth(), measure(column.getText(), headerFont()) + HEADER_PADDING
                + (table.getSortOrder().contains(column) ? SORT_ARROW : 0));
    }

    private double measure(String text, Font font) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (widths.size() > MEASURED_LIMIT) {
            widths.clear();
        }
        return widths.computeIfAbsent(new Measured(text, font), m -> {
            Text node = new Text(m.text());
            node.setFont(m.font());
            return Math.ceil(node.getLayoutBounds().getWidth());
        });
    }

    /** A text in a font, the key of the widths already measured. */
    private record Measured(String text, Font font) {
    }

    /** The font of each column's first filled cell and the headers' font, for this fit. */
    private void findFonts() {
        cellFonts = new java.util.HashMap<>();
        for (Node node : table.lookupAll(".table-cell")) {
            if (node instanceof TableCell<?, ?> cell && !cell.isEmpty() && cell.getTableColumn() != null) {
                cellFonts.putIfAbsent(cell.getTableColumn(), cell.getFont());
            }
        }
        headerFont = Font.getDefault();
        for (Node node : table.lookupAll(".column-header .label")) {
            if (node instanceof Label label) {
                headerFont = label.getFont();
                break;
            }
        }
    }

    private Font cellFont(TableColumn<S, ?> column) {
        Font font = cellFonts == null ? null : cellFonts.get(column);
        if (font != null) {
            return font;
        }
        guessedFont = !table.getItems().isEmpty();
        return headerFont();
    }

    private Font headerFont() {
        if (headerFont == null) {
            findFonts();
        }
        return headerFont;
    }

    private double verticalBarWidth() {
        for (Node node : table.lookupAll(".scroll-bar")) {
            if (node instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL && bar.isVisible()) {
                return bar.getWidth();
            }
        }
        return 0;
    }
}
