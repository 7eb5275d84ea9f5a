package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.main.MainViewModel;
import fr.interrupt.meshcp.desktop.ui.CollatedText;
import fr.interrupt.meshcp.desktop.ui.ColumnFit;
import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.desktop.ui.StructuralChangesOnly;
import fr.interrupt.meshcp.desktop.ui.Styles;
import fr.interrupt.meshcp.shared.labels.Labels;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.LabelsText;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Callback;

/** The machines table: binds the view model's rows, formats cells, opens details on double-click. */
public final class MachinesController {
    private final MachinesViewModel vm;
    private final MainViewModel main;
    private final Runnable openAddMachine;
    private final Runnable addThisComputer;
    private final Clock clock;
    /** The status cell's dot and its gap before the word (px). */
    private static final double STATUS_DOT_WIDTH = 17;
    /** Counts the polls: texts relative to now ("2 min ago") are written again at each. */
    private final LongProperty polls = new SimpleLongProperty();
    private final CollatedText collated = new CollatedText();
    /** Key of a cell's listener to its column's width, in the cell's properties. */
    private static final String COLUMN_WIDTH_LISTENER = "meshcp.column-width-listener";

    @FXML
    private Label summaryLabel;
    @FXML
    private TextField filterField;
    @FXML
    private Button refreshButton;
    @FXML
    private Button addButton;
    @FXML
    private TableView<MachineRow> table;
    @FXML
    private TableColumn<MachineRow, Reachability> statusColumn;
    @FXML
    private TableColumn<MachineRow, String> nameColumn;
    @FXML
    private TableColumn<MachineRow, String> addressColumn;
    @FXML
    private TableColumn<MachineRow, Map<String, String>> labelsColumn;
    @FXML
    private TableColumn<MachineRow, String> platformColumn;
    @FXML
    private TableColumn<MachineRow, Double> cpuColumn;
    @FXML
    private TableColumn<MachineRow, Double> memoryColumn;
    @FXML
    private TableColumn<MachineRow, Double> diskColumn;
    @FXML
    private TableColumn<MachineRow, Long> uptimeColumn;
    @FXML
    private TableColumn<MachineRow, String> versionColumn;
    @FXML
    private TableColumn<MachineRow, Instant> lastSeenColumn;
    @FXML
    private TableColumn<MachineRow, Double> pingColumn;
    @FXML
    private VBox emptyState;
    @FXML
    private Button emptyAddButton;
    @FXML
    private Button emptyLocalButton;
    @FXML
    private Label noMatchLabel;
    @FXML
    private Label problemLabel;

    public MachinesController(MachinesViewModel vm, MainViewModel main, Runnable openAddMachine, Runnable addThisComputer,
                              Clock clock) {
        this.vm = vm;
        this.main = main;
        this.openAddMachine = openAddMachine;
        this.addThisComputer = addThisComputer;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(Bindings.when(vm.summaryProperty().isEmpty())
                .then("Every machine enrolled in this hub").otherwise(vm.summaryProperty()));
        filterField.textProperty().bindBidirectional(vm.filterProperty());
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                filterField.clear();
            }
        });
        refreshButton.setOnAction(e -> vm.refresh());
        refreshButton.disableProperty().bind(vm.refreshingProperty());
        refreshButton.setTooltip(new Tooltip("Refresh now"));
        addButton.setOnAction(e -> openAddMachine.run());
        emptyAddButton.setOnAction(e -> openAddMachine.run());
        emptyLocalButton.setOnAction(e -> addThisComputer.run());

        SortedList<MachineRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        // the cells follow their row's properties: the table need only hear of rows added, removed or moved
        table.setItems(new StructuralChangesOnly<>(sorted));
        table.setSortPolicy(t -> true); // the sorted list follows the table's comparator
        vm.onPolled(() -> polls.set(polls.get() + 1));
        table.setPlaceholder(new Label(""));
        configureColumns();
        table.getSortOrder().add(nameColumn);

        table.setRowFactory(t -> {
            TableRow<MachineRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    main.showDetails(row.getItem().name());
                }
            });
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null)
                    .otherwise(contextMenu(row)));
            return row;
        });
        table.setOnKeyPressed(e -> {
            MachineRow selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                main.showDetails(selected.name());
            }
        });

        emptyState.visibleProperty().bind(vm.emptyProperty());
        emptyState.managedProperty().bind(emptyState.visibleProperty());
        table.visibleProperty().bind(vm.emptyProperty().not());
        noMatchLabel.visibleProperty().bind(vm.noMatchProperty());
        noMatchLabel.textProperty().bind(Bindings.when(vm.filterProblemProperty().isEmpty())
                .then("No machine matches the filter.").otherwise(vm.filterProblemProperty()));
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
    }

    private ContextMenu contextMenu(TableRow<MachineRow> row) {
        MenuItem details = new MenuItem("Details");
        details.setOnAction(e -> main.showDetails(row.getItem().name()));
        MenuItem run = new MenuItem("Run a command");
        run.setOnAction(e -> main.showConsole(row.getItem().name()));
        MenuItem files = new MenuItem("Browse files");
        files.setOnAction(e -> main.showFiles(row.getItem().name()));
        return new ContextMenu(details, run, files);
    }

    private void configureColumns() {
        statusColumn.setCellValueFactory(c -> c.getValue().reachabilityProperty());
        statusColumn.setCellFactory(c -> new StatusCell());
        nameColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyStringWrapper(c.getValue().name()));
        nameColumn.setCellFactory(c -> text(s -> s, "machine-name"));
        nameColumn.setComparator(collated);
        addressColumn.setCellValueFactory(c -> c.getValue().addressProperty());
        addressColumn.setCellFactory(c -> text(s -> s, Styles.MONO));
        addressColumn.setComparator(collated);
        platformColumn.setCellValueFactory(c -> c.getValue().platformProperty());
        platformColumn.setComparator(collated);
        platformColumn.setCellFactory(c -> {
            TableCell<MachineRow, String> cell = text(s -> s, null);
            cell.tooltipProperty().bind(Bindings.createObjectBinding(() -> cell.getText() == null || cell.getText().equals("—")
                    ? null : new Tooltip(cell.getText()), cell.textProperty()));
            return cell;
        });
        labelsColumn.setCellValueFactory(c -> c.getValue().labelsProperty());
        labelsColumn.setCellFactory(c -> new LabelsCell());
        labelsColumn.setComparator(Comparator.comparing(Labels::format));
        cpuColumn.setCellValueFactory(c -> c.getValue().cpuPercentProperty());
        cpuColumn.setCellFactory(c -> new MeterCell());
        memoryColumn.setCellValueFactory(c -> c.getValue().memoryPercentProperty());
        memoryColumn.setCellFactory(c -> new MeterCell());
        diskColumn.setCellValueFactory(c -> c.getValue().diskPercentProperty());
        diskColumn.setCellFactory(c -> new MeterCell());
        uptimeColumn.setCellValueFactory(c -> c.getValue().uptimeSecondsProperty());
        uptimeColumn.setCellFactory(c -> text(s -> Durations.coarse(Duration.ofSeconds(s)), null));
        versionColumn.setCellValueFactory(c -> c.getValue().agentVersionProperty());
        versionColumn.setComparator(collated);
        lastSeenColumn.setCellValueFactory(c -> c.getValue().lastSeenProperty());
        lastSeenColumn.setCellFactory(c -> new TextCell<>(i -> Durations.ago(i, clock.instant()), polls));
        pingColumn.setCellValueFactory(c -> c.getValue().pingMillisProperty());
        pingColumn.setCellFactory(c -> text(MachinesController::ping, null));
        table.getColumns().forEach(MachinesController::cellsLaidOutByTheirRow);
        fitColumns();
    }

    /**
     * Makes {@code column}'s cells unmanaged: their row sizes and places them itself, by the column widths, so a cell
     * whose text changes need not ask its row for a layout. A managed one does, and one such request from any visible
     * cell makes the table lay out and restyle every visible row (javafx VirtualFlow), at each poll. What does change
     * a cell's size, its column's width, still lays its row out.
     */
    private static <T> void cellsLaidOutByTheirRow(TableColumn<MachineRow, T> column) {
        Callback<TableColumn<MachineRow, T>, TableCell<MachineRow, T>> factory = column.getCellFactory();
        column.setCellFactory(c -> {
            TableCell<MachineRow, T> cell = factory.call(c);
            cell.setManaged(false);
            InvalidationListener resized = o -> {
                if (cell.getParent() != null) {
                    cell.getParent().requestLayout();
                }
            };
            cell.getProperties().put(COLUMN_WIDTH_LISTENER, resized); // the cell keeps it; the column holds it weakly
            column.widthProperty().addListener(new WeakInvalidationListener(resized));
            return cell;
        });
    }

    /** Every column as wide as its content; spare room to the labels and the OS; sideways scrolling when narrow. */
    private void fitColumns() {
        ColumnFit.install(table, Set.of(labelsColumn, platformColumn, nameColumn))
                .text(statusColumn, r -> r.reachability().label(), STATUS_DOT_WIDTH)
                .text(nameColumn, MachineRow::name, 0)
                .text(addressColumn, r -> r.addressProperty().get(), 0)
                .text(labelsColumn, r -> LabelsText.compact(r.labelsProperty().get(), LabelsCell.MAX_CHARS), 0)
                .text(platformColumn, r -> r.platformProperty().get(), 0)
                .text(uptimeColumn, r -> r.uptimeSecondsProperty().get() == null ? "—"
                        : Durations.coarse(Duration.ofSeconds(r.uptimeSecondsProperty().get())), 0)
                .text(versionColumn, r -> r.agentVersionProperty().get(), 0)
                .text(lastSeenColumn, r -> r.lastSeenProperty().get() == null ? "—" : Durations.ago(r.lastSeenProperty().get(), clock.instant()), 0)
                .text(pingColumn, r -> r.pingMillisProperty().get() == null ? "—" : ping(r.pingMillisProperty().get()), 0)
                .elastic(labelsColumn)
                .elastic(platformColumn)
                .refitOnUpdatesOf(vm.visibleRows());
    }

    private static String ping(double millis) {
        return Durations.human(Duration.ofNanos(Math.round(millis * 1_000_000)));
    }

    private static <T> TableCell<MachineRow, T> text(Function<T, String> format, String styleClass) {
        TableCell<MachineRow, T> cell = new TextCell<>(format, null);
        if (styleClass != null) {
            cell.getStyleClass().add(styleClass);
        }
        return cell;
    }

    /** The value as text ("—" when unknown); written again whenever {@code rewrite} changes, if not null. */
    private static final class TextCell<T> extends TableCell<MachineRow, T> {
        private final Function<T, String> format;
        private final InvalidationListener rewrite = o -> write();

        TextCell(Function<T, String> format, Observable rewriteOn) {
            this.format = format;
            if (rewriteOn != null) {
                rewriteOn.addListener(new WeakInvalidationListener(rewrite)); // the cell keeps its listener alive
            }
        }

        @Override
        protected void updateItem(T item, boolean empty) {
            super.updateItem(item, empty);
            write();
        }

        private void write() {
            T item = getItem();
            setText(isEmpty() ? null : item == null ? "—" : format.apply(item));
        }
    }

    /** A coloured dot and "online" / "offline" (the reason as a tooltip). */
    private static final class StatusCell extends TableCell<MachineRow, Reachability> {
        private final Region dot = new Region();
        private final Label label = new Label();
        private final HBox box = new HBox(8, dot, label);
        private final Tooltip problem = new Tooltip();
        private Reachability shown;

        StatusCell() {
            dot.getStyleClass().add(Styles.DOT);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Reachability r, boolean empty) {
            super.updateItem(r, empty);
            MachineRow row = getTableRow() == null ? null : getTableRow().getItem();
            if (empty || r == null || row == null) {
                setGraphic(null);
                setTooltip(null);
                problem.textProperty().unbind();
                return;
            }
            if (r != shown) { // a new style class makes JavaFX look up the node's styles again
                shown = r;
                dot.getStyleClass().setAll(Styles.DOT, r.styleClass());
                label.setText(r.label());
                label.getStyleClass().setAll("label", r.styleClass());
            }
            boolean explained = r == Reachability.OFFLINE && row.problemProperty().get() != null;
            if (explained) {
                problem.textProperty().bind(row.problemProperty());
            } else {
                problem.textProperty().unbind();
            }
            setTooltip(explained ? problem : null);
            setGraphic(box);
        }
    }

    /** The labels as k=v,k=v (cut with a count of the rest); the tooltip lists each with where it comes from. */
    private static final class LabelsCell extends TableCell<MachineRow, Map<String, String>> {
        private static final int MAX_CHARS = 48;

        @Override
        protected void updateItem(Map<String, String> labels, boolean empty) {
            super.updateItem(labels, empty);
            MachineRow row = getTableRow() == null ? null : getTableRow().getItem();
            if (empty || labels == null || labels.isEmpty() || row == null) {
                setText(empty ? null : "—");
                setTooltip(null);
                return;
            }
            setText(LabelsText.compact(labels, MAX_CHARS));
            setTooltip(new Tooltip(row.labelSourcesProperty().get()));
        }
    }

    /** "37%" with a thin bar under it. */
    private static final class MeterCell extends TableCell<MachineRow, Double> {
        private final Label value = new Label();
        private final Region fill = new Region();
        private final javafx.scene.layout.StackPane track = new javafx.scene.layout.StackPane(fill);
        private final VBox box = new VBox(3, value, track);
        private final DoubleProperty fraction = new SimpleDoubleProperty();
        private String level = "";

        MeterCell() {
            track.getStyleClass().add("meter-track");
            fill.getStyleClass().add("meter-fill");
            javafx.scene.layout.StackPane.setAlignment(fill, javafx.geometry.Pos.CENTER_LEFT);
            track.setMaxWidth(Double.MAX_VALUE);
            fill.maxWidthProperty().bind(track.widthProperty().multiply(fraction));
            fill.setPrefWidth(Double.MAX_VALUE);
            box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Double percent, boolean empty) {
            super.updateItem(percent, empty);
            if (empty) {
                setGraphic(null);
                setText(null);
                return;
            }
            if (percent == null) {
                setGraphic(null);
                setText("—");
                return;
            }
            setText(null);
            value.setText(Formats.percent(percent));
            double part = Math.max(0, Math.min(1, percent / 100));
            fraction.set(part);
            String now = part > 0.9 ? "meter-high" : part > 0.7 ? "meter-mid" : "meter-low";
            if (!now.equals(level)) { // a new style class makes JavaFX look up the node's styles again
                level = now;
                fill.getStyleClass().setAll("meter-fill", now);
            }
            setGraphic(box);
        }
    }
}
