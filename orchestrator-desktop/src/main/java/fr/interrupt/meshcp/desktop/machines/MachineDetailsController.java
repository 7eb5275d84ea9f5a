package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.main.MainViewModel;
import fr.interrupt.meshcp.desktop.ui.Styles;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Tooltip;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.layout.Region;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** A machine's page: its system status in panels, and the actions on it (run, files, remove). */
public final class MachineDetailsController {
    private final MachineDetailsViewModel vm;
    private final MainViewModel main;

    @FXML
    private Button backButton;
    @FXML
    private Label nameLabel;
    @FXML
    private Label stateLabel;
    @FXML
    private Label subtitleLabel;
    @FXML
    private Button runButton;
    @FXML
    private Button filesButton;
    @FXML
    private Button reloadButton;
    @FXML
    private Button removeButton;
    @FXML
    private ProgressIndicator loadingIndicator;
    @FXML
    private Label problemLabel;
    @FXML
    private GridPane systemGrid;
    @FXML
    private VBox usageBox;
    @FXML
    private GridPane networkGrid;
    @FXML
    private GridPane capabilitiesGrid;
    @FXML
    private Label certificateLabel;

    public MachineDetailsController(MachineDetailsViewModel vm, MainViewModel main) {
        this.vm = vm;
        this.main = main;
    }

    @FXML
    private void initialize() {
        backButton.setOnAction(e -> main.showMachines());
        nameLabel.textProperty().bind(vm.nameProperty());
        subtitleLabel.textProperty().bind(vm.subtitleProperty());
        runButton.setOnAction(e -> main.showConsole(vm.nameProperty().get()));
        filesButton.setOnAction(e -> main.showFiles(vm.nameProperty().get()));
        reloadButton.setOnAction(e -> vm.reload());
        reloadButton.disableProperty().bind(vm.loadingProperty());
        removeButton.setOnAction(e -> confirmRemove());
        removeButton.disableProperty().bind(vm.loadingProperty());
        loadingIndicator.visibleProperty().bind(vm.loadingProperty());
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        vm.removedProperty().addListener((obs, old, removed) -> {
            if (removed) {
                main.showMachines();
            }
        });
        certificateLabel.textProperty().bind(vm.certificateProperty());
        bindFacts(vm.system(), systemGrid, vm.emptyReasonProperty());
        bindFacts(vm.network(), networkGrid, vm.emptyReasonProperty());
        bindFacts(vm.capabilities(), capabilitiesGrid, vm.emptyReasonProperty());
        vm.usage().addListener((ListChangeListener<UsageBar>) c -> showUsage(vm.usage()));
        vm.emptyReasonProperty().addListener((obs, old, now) -> showUsage(vm.usage()));
        Region dot = new Region();
        stateLabel.setGraphic(dot);
        vm.reachabilityProperty().addListener((obs, old, r) -> showState(dot, r));
        showState(dot, vm.reachabilityProperty().get());
        compactHeaderBelow(runButton, 780, runButton, filesButton, removeButton);
        runButton.setTooltip(new Tooltip("Run a command on this machine"));
        filesButton.setTooltip(new Tooltip("Browse this machine's files"));
        reloadButton.setTooltip(new Tooltip("Reload"));
        removeButton.setTooltip(new Tooltip("Remove this machine from the hub"));
    }

    private void showState(Region dot, Reachability r) {
        dot.getStyleClass().setAll(Styles.DOT, r.styleClass());
        stateLabel.setText(r.label());
        stateLabel.getStyleClass().setAll("label", "state-chip", r.styleClass());
    }

    /**
     * Below {@code width} pixels of header the buttons show their icon only (their tooltip still says what they
     * do), so a narrow window never cuts their words to "Run c…".
     */
    private static void compactHeaderBelow(Button inHeader, double width, Button... buttons) {
        Region header = (Region) inHeader.getParent();
        header.widthProperty().addListener((o, was, now) -> {
            ContentDisplay display = now.doubleValue() < width ? ContentDisplay.GRAPHIC_ONLY : ContentDisplay.LEFT;
            for (Button b : buttons) {
                b.setContentDisplay(display);
            }
        });
    }

    private void confirmRemove() {
        String name = vm.nameProperty().get();
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION);
        alert.initOwner(removeButton.getScene().getWindow());
        alert.setTitle("Remove machine");
        alert.setHeaderText("Remove \"" + name + "\"?");
        alert.setContentText("Its certificate is revoked: the hub will never call it again. To add it back, issue a new "
                + "token and enroll it again.");
        ButtonType remove = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(ButtonType.CANCEL, remove);
        ((Button) alert.getDialogPane().lookupButton(remove)).getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
        ((Button) alert.getDialogPane().lookupButton(remove)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.showAndWait().filter(remove::equals).ifPresent(b -> vm.remove());
    }

    private static void bindFacts(ObservableList<Fact> facts, GridPane grid, ReadOnlyStringProperty emptyReason) {
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(130);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().setAll(labels, values);
        facts.addListener((ListChangeListener<Fact>) c -> showFacts(facts, grid, emptyReason.get()));
        emptyReason.addListener((obs, old, now) -> showFacts(facts, grid, now));
        showFacts(facts, grid, emptyReason.get());
    }

    private static void showFacts(List<Fact> facts, GridPane grid, String emptyReason) {
        grid.getChildren().clear();
        if (facts.isEmpty() && !emptyReason.isEmpty()) {
            grid.add(emptyNote(emptyReason), 0, 0, 2, 1);
            return;
        }
        int row = 0;
        for (Fact fact : facts) {
            Label label = new Label(fact.label());
            label.getStyleClass().add(Styles.FACT_LABEL);
            Label value = new Label(fact.value() == null || fact.value().isEmpty() ? "—" : fact.value());
            value.getStyleClass().add(Styles.FACT_VALUE);
            value.setWrapText(true);
            grid.addRow(row++, label, value);
        }
    }

    private static Label emptyNote(String reason) {
        Label note = new Label(reason);
        note.getStyleClass().addAll(atlantafx.base.theme.Styles.TEXT_MUTED, "empty-card-note");
        note.setWrapText(true);
        return note;
    }

    private void showUsage(List<UsageBar> bars) {
        usageBox.getChildren().clear();
        if (bars.isEmpty() && !vm.emptyReasonProperty().get().isEmpty()) {
            usageBox.getChildren().add(emptyNote(vm.emptyReasonProperty().get()));
            return;
        }
        for (UsageBar bar : bars) {
            Label label = new Label(bar.label());
            label.getStyleClass().add(Styles.FACT_LABEL);
            Label text = new Label(bar.text());
            text.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
            javafx.scene.layout.Region spacer = new javafx.scene.layout.Region();
            javafx.scene.layout.HBox.setHgrow(spacer, Priority.ALWAYS);
            javafx.scene.layout.HBox head = new javafx.scene.layout.HBox(label, spacer, text);
            ProgressBar progress = new ProgressBar(bar.fraction());
            progress.setMaxWidth(Double.MAX_VALUE);
            progress.getStyleClass().addAll("usage-bar", bar.fraction() > 0.9 ? "meter-high" : bar.fraction() > 0.7 ? "meter-mid" : "meter-low");
            progress.getStyleClass().add(atlantafx.base.theme.Styles.SMALL);
            usageBox.getChildren().add(new VBox(4, head, progress));
        }
    }
}
