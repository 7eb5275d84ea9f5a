package fr.interrupt.meshcp.desktop.activity;

import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.desktop.ui.Shortcuts;
import fr.interrupt.meshcp.desktop.ui.Styles;
import fr.interrupt.meshcp.hub.audit.AuditEntry;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;

/** The Activity page: binds the audit entries, the filters and "Open job" to {@link ActivityViewModel}. */
public final class ActivityController {
    private final ActivityViewModel vm;

    @FXML
    private Label countLabel;
    @FXML
    private Label introLabel;
    @FXML
    private Button openButton;
    @FXML
    private TextField filterField;
    @FXML
    private ComboBox<String> machineBox;
    @FXML
    private ComboBox<String> callerBox;
    @FXML
    private ComboBox<String> actionBox;
    @FXML
    private Button clearButton;
    @FXML
    private Label problemLabel;
    @FXML
    private TableView<AuditEntry> table;
    @FXML
    private TableColumn<AuditEntry, AuditEntry> whenColumn;
    @FXML
    private TableColumn<AuditEntry, String> whoColumn;
    @FXML
    private TableColumn<AuditEntry, String> actionColumn;
    @FXML
    private TableColumn<AuditEntry, String> machineColumn;
    @FXML
    private TableColumn<AuditEntry, String> whatColumn;
    @FXML
    private TableColumn<AuditEntry, AuditEntry> outcomeColumn;
    @FXML
    private Label statusLabel;

    public ActivityController(ActivityViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        countLabel.textProperty().bind(vm.summaryProperty());
        introLabel.setText("Who did what on which machine, newest first, live from the hub's audit log: the CLI, this app "
                + "and Claude. Double-click an exec (or press Enter) to open its job while its agent keeps it.");
        introLabel.setTooltip(new Tooltip(vm.file()));
        filterField.textProperty().bindBidirectional(vm.textFilterProperty());
        filterField.setPromptText("Filter: command, path, user…  (" + Shortcuts.FILTER_HINT + ")");
        filterField.setTooltip(new Tooltip("Find text in any field (" + Shortcuts.FILTER_HINT + " to come here)"));
        choices(machineBox, vm.machineChoices(), vm.machineFilterProperty(), "All machines");
        choices(callerBox, vm.callerChoices(), vm.callerFilterProperty(), "Everyone");
        choices(actionBox, vm.actionChoices(), vm.actionFilterProperty(), "All actions");
        clearButton.setOnAction(e -> vm.clearFilters());
        clearButton.setTooltip(new Tooltip("Show every entry again"));
        openButton.setOnAction(e -> vm.openSelected());
        openButton.disableProperty().bind(vm.canOpenProperty().not());
        openButton.setTooltip(new Tooltip("Open the selected exec's job on the Run command page (Enter or double-click)"));

        table.setItems(vm.visibleEntries());
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.placeholderProperty().bind(Bindings.when(vm.loadedProperty())
                .then(new Label("Nothing to show: actions of the CLI, this app and Claude appear here as they happen."))
                .otherwise(new Label("Reading the audit log…")));
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setRowFactory(t -> {
            TableRow<AuditEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.openSelected();
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && vm.canOpenProperty().get()) {
                vm.openSelected();
                e.consume();
            }
        });
        configureColumns();

        problemLabel.textProperty().bind(vm.problemProperty());
        showWhenSet(problemLabel);
        statusLabel.textProperty().bind(vm.statusProperty());
        showWhenSet(statusLabel);
    }

    private void configureColumns() {
        whenColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        whenColumn.setCellFactory(c -> new WhenCell());
        text(whoColumn, ActivityViewModel::who);
        text(actionColumn, AuditEntry::action);
        text(machineColumn, e -> e.machine() == null ? "—" : e.machine());
        text(whatColumn, AuditEntry::subject);
        whatColumn.getStyleClass().add(Styles.MONO);
        whatColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String what, boolean empty) {
                super.updateItem(what, empty);
                setText(empty ? null : what);
                setTooltip(empty || what == null || what.isEmpty() ? null : new Tooltip(what));
            }
        });
        outcomeColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        outcomeColumn.setCellFactory(c -> new OutcomeCell());
    }

    private static void text(TableColumn<AuditEntry, String> column, Function<AuditEntry, String> value) {
        column.setCellValueFactory(c -> new ReadOnlyStringWrapper(Printable.of(value.apply(c.getValue()), 300)));
    }

    private static void choices(ComboBox<String> box, ObservableList<String> items, StringProperty filter, String any) {
        box.setItems(items);
        ListCell<String> button = cell(any);
        box.setButtonCell(button);
        box.setCellFactory(l -> cell(any));
        box.setPromptText(any);
        box.valueProperty().addListener((o, old, now) -> filter.set(now == null ? "" : now));
        filter.addListener((o, old, now) -> {
            if (!now.equals(box.getValue() == null ? "" : box.getValue())) {
                box.setValue(now.isEmpty() ? null : now);
            }
        });
    }

    private static ListCell<String> cell(String any) {
        return new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? any : item == null || item.isEmpty() ? any : item);
            }
        };
    }

    private static void showWhenSet(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** "2 min ago", the exact local time in the tooltip; follows the page's clock. */
    private final class WhenCell extends TableCell<AuditEntry, AuditEntry> {
        @Override
        protected void updateItem(AuditEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            textProperty().unbind();
            if (empty || entry == null) {
                setText(null);
                setTooltip(null);
                return;
            }
            textProperty().bind(Bindings.createStringBinding(() -> Durations.ago(entry.time(), vm.nowProperty().get()),
                    vm.nowProperty()));
            setTooltip(new Tooltip(Formats.dateTimeSeconds(entry.time()) + " (" + entry.time() + ")"));
        }
    }

    /**
     * The outcome's words ("exit 0", "failed") as a badge, as the Run command page shows a job's outcome (a dot means
     * only online or offline in this app); the error sentence in the tooltip.
     */
    private static final class OutcomeCell extends TableCell<AuditEntry, AuditEntry> {
        private final Label badge = new Label();

        @Override
        protected void updateItem(AuditEntry entry, boolean empty) {
            super.updateItem(entry, empty);
            if (empty || entry == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            var outcome = entry.outcome();
            badge.getStyleClass().setAll("label", "run-badge", outcome.succeeded() ? "badge-success" : "badge-danger");
            badge.setText(Printable.of(outcome.words(), 40));
            setText(null);
            setGraphic(badge);
            setTooltip(outcome.detail().isEmpty() ? null : new Tooltip(Printable.of(outcome.detail(), 500)));
        }
    }
}
