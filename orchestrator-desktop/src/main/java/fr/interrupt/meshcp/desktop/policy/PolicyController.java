package fr.interrupt.meshcp.desktop.policy;

import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.hub.policy.PolicyMode;
import fr.interrupt.meshcp.hub.policy.PolicyRule;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.util.StringConverter;

/** The Claude policy page: the rules table and the rule form, bound to {@link PolicyViewModel}. */
public final class PolicyController {
    private final PolicyViewModel vm;
    private final Dialogs dialogs;

    @FXML
    private TableView<PolicyRule> table;
    @FXML
    private TableColumn<PolicyRule, String> patternColumn;
    @FXML
    private TableColumn<PolicyRule, String> modeColumn;
    @FXML
    private TableColumn<PolicyRule, String> deniedColumn;
    @FXML
    private TableColumn<PolicyRule, String> pathsColumn;
    @FXML
    private TextField patternField;
    @FXML
    private ChoiceBox<PolicyMode> modeChoice;
    @FXML
    private TextArea deniedArea;
    @FXML
    private TextArea pathsArea;
    @FXML
    private Button saveButton;
    @FXML
    private Button newButton;
    @FXML
    private Button removeButton;
    @FXML
    private Label statusLabel;

    public PolicyController(PolicyViewModel vm, Dialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    @FXML
    private void initialize() {
        table.setItems(vm.rules());
        column(patternColumn, PolicyRule::pattern);
        column(modeColumn, r -> r.mode().label());
        column(deniedColumn, r -> joined(r.deniedCommands(), "-"));
        column(pathsColumn, r -> joined(r.allowedPaths(), "any"));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> {
            if (now == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        modeChoice.getItems().setAll(PolicyMode.values());
        modeChoice.setConverter(new StringConverter<>() {
            @Override
            public String toString(PolicyMode mode) {
                return mode == null ? "" : mode.label();
            }

            @Override
            public PolicyMode fromString(String text) {
                return PolicyMode.parse(text);
            }
        });
        modeChoice.valueProperty().bindBidirectional(vm.modeProperty());
        patternField.textProperty().bindBidirectional(vm.patternProperty());
        deniedArea.textProperty().bindBidirectional(vm.deniedCommandsProperty());
        pathsArea.textProperty().bindBidirectional(vm.allowedPathsProperty());
        saveButton.setOnAction(e -> vm.save());
        newButton.setOnAction(e -> vm.newRule());
        removeButton.disableProperty().bind(vm.selectedProperty().isNull());
        removeButton.setOnAction(e -> {
            PolicyRule rule = vm.selectedProperty().get();
            if (rule != null && dialogs.confirm(table.getScene().getWindow(), new Dialogs.Confirmation("Remove rule",
                    "Remove the rule for '" + rule.pattern() + "'?", "Its machines fall back to the next matching rule, or to allow.",
                    "Remove rule", "Keep it"))) {
                vm.removeSelected();
            }
        });
        statusLabel.textProperty().bind(vm.statusProperty());
    }

    private static void column(TableColumn<PolicyRule, String> column, Function<PolicyRule, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
    }

    private static String joined(List<String> values, String none) {
        return values.isEmpty() ? none : String.join(", ", values);
    }
}
