package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.Styles;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;

/** The Jobs table of the Run command screen: binds it to {@link JobsViewModel}, asks before cancelling a job. */
public final class JobsController {
    /** Below this table width, the Machine and Started columns are hidden. */
    static final double WIDE = 860;

    private final JobsViewModel vm;
    private final Dialogs dialogs;

    @FXML
    private Label summaryLabel;
    @FXML
    private Button refreshButton;
    @FXML
    private Button attachButton;
    @FXML
    private Button cancelButton;
    @FXML
    private TableView<JobRow> table;
    @FXML
    private TableColumn<JobRow, String> jobColumn;
    @FXML
    private TableColumn<JobRow, String> machineColumn;
    @FXML
    private TableColumn<JobRow, JobStatus> stateColumn;
    @FXML
    private TableColumn<JobRow, String> exitColumn;
    @FXML
    private TableColumn<JobRow, String> startedColumn;
    @FXML
    private TableColumn<JobRow, String> durationColumn;
    @FXML
    private TableColumn<JobRow, String> callerColumn;
    @FXML
    private TableColumn<JobRow, String> commandColumn;
    @FXML
    private Label problemLabel;
    @FXML
    private Label unreachableLabel;

    public JobsController(JobsViewModel vm, Dialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        summaryLabel.textProperty().bind(vm.summaryProperty());
        refreshButton.setOnAction(e -> vm.refresh());
        refreshButton.setTooltip(new Tooltip("Refresh now"));
        attachButton.setOnAction(e -> vm.attachSelected());
        attachButton.disableProperty().bind(vm.canAttachProperty().not());
        attachButton.setTooltip(new Tooltip("Show this job's output above (what the agent kept, then live)"));
        cancelButton.setOnAction(e -> confirmCancel());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());

        SortedList<JobRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.placeholderProperty().bind(Bindings.when(vm.loadedProperty())
                .then(new Label("No jobs on the fleet: commands run from here, the CLI or Claude show up here."))
                .otherwise(new Label("Listing jobs…")));
        vm.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());
        table.setRowFactory(t -> {
            TableRow<JobRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.attachSelected();
                }
            });
            return row;
        });
        configureColumns();
        // narrow windows: the machine is already in the job's name, and Duration says enough of when
        table.widthProperty().addListener((obs, old, width) -> {
            boolean wide = width.doubleValue() >= WIDE;
            machineColumn.setVisible(wide);
            startedColumn.setVisible(wide);
        });

        problemLabel.textProperty().bind(vm.problemProperty());
        showWhenSet(problemLabel);
        unreachableLabel.textProperty().bind(vm.unreachableProperty());
        unreachableLabel.tooltipProperty().bind(Bindings.createObjectBinding(
                () -> vm.unreachableProperty().get().isEmpty() ? null : new Tooltip(vm.unreachableProperty().get()),
                vm.unreachableProperty()));
        showWhenSet(unreachableLabel);
    }

    private void configureColumns() {
        text(jobColumn, JobRow::job, Styles.MONO);
        text(machineColumn, JobRow::machine, null);
        stateColumn.setCellValueFactory(c -> c.getValue().statusProperty());
        stateColumn.setCellFactory(c -> new StateCell());
        stateColumn.setComparator(java.util.Comparator.comparing(s -> s.state().ordinal()));
        exitColumn.setCellValueFactory(c -> c.getValue().exitProperty());
        startedColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().started()));
        durationColumn.setCellValueFactory(c -> c.getValue().durationProperty());
        text(callerColumn, JobRow::caller, null);
        text(commandColumn, JobRow::command, Styles.MONO);
        commandColumn.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String command, boolean empty) {
                super.updateItem(command, empty);
                setText(empty ? null : command);
                setTooltip(empty || command == null ? null : new Tooltip(command));
            }
        });
    }

    private static void text(TableColumn<JobRow, String> column, Function<JobRow, String> value, String styleClass) {
        column.setCellValueFactory(c -> constant(value.apply(c.getValue())));
        if (styleClass != null) {
            column.getStyleClass().add(styleClass);
        }
    }

    private static ObservableValue<String> constant(String value) {
        return new ReadOnlyStringWrapper(value);
    }

    private static void showWhenSet(Label label) {
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    private void confirmCancel() {
        JobRow row = vm.selectedProperty().get();
        if (row == null) {
            return;
        }
        boolean yes = dialogs.confirm(table.getScene().getWindow(), new Dialogs.Confirmation("Cancel job",
                "Cancel " + row.job() + "?",
                "The agent on " + row.machine() + " kills \"" + row.command() + "\" and everything it started. It was started by "
                        + row.caller() + ".", "Cancel job", "Keep it running"));
        if (yes) {
            vm.cancelSelected();
        }
    }

    /**
     * The state's word on a tinted badge ("running", "exited"…), coloured by outcome: a job's state is never a
     * round dot, which means a machine online or offline everywhere in the app.
     */
    private static final class StateCell extends TableCell<JobRow, JobStatus> {
        private final Label badge = new Label();

        @Override
        protected void updateItem(JobStatus status, boolean empty) {
            super.updateItem(status, empty);
            setText(null);
            if (empty || status == null) {
                setGraphic(null);
                return;
            }
            badge.setText(status.state().label());
            badge.getStyleClass().setAll("label", "run-badge", StateStyle.badge(status.state(), status.succeeded()));
            setGraphic(badge);
        }
    }
}
