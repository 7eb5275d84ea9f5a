package fr.interrupt.meshcp.desktop.policy;

import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.FileChange;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.FileModes;
import fr.interrupt.meshcp.shared.text.Printable;
import java.time.Clock;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** The Approvals page: binds the pending requests and the decision buttons to {@link ApprovalsViewModel}. */
public final class ApprovalsController {
    private final ApprovalsViewModel vm;
    private final Clock clock;

    @FXML
    private Label countLabel;
    @FXML
    private ListView<Approval> list;
    @FXML
    private Label emptyLabel;
    @FXML
    private GridPane details;
    @FXML
    private Label machineValue;
    @FXML
    private Label toolValue;
    @FXML
    private Label callerValue;
    @FXML
    private Label ruleValue;
    @FXML
    private Label expiresValue;
    @FXML
    private Label contextLabel;
    @FXML
    private Label contextValue;
    @FXML
    private Label commandLabel;
    @FXML
    private TextArea commandValue;
    @FXML
    private TextArea diffValue;
    @FXML
    private Button approveButton;
    @FXML
    private Button approveHourButton;
    @FXML
    private TextField reasonField;
    @FXML
    private Button denyButton;
    @FXML
    private Label statusLabel;

    public ApprovalsController(ApprovalsViewModel vm, Clock clock) {
        this.vm = vm;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        list.setItems(vm.pending());
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Approval item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.machine() + "  " + ApprovalsViewModel.what(item));
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> show(now));
        show(vm.selectedProperty().get());
        countLabel.textProperty().bind(vm.countProperty().asString("%d waiting"));
        emptyLabel.visibleProperty().bind(vm.countProperty().isEqualTo(0));
        emptyLabel.managedProperty().bind(emptyLabel.visibleProperty());
        details.visibleProperty().bind(vm.selectedProperty().isNotNull());
        approveButton.disableProperty().bind(vm.canDecideProperty().not());
        approveHourButton.disableProperty().bind(vm.canAllowForAnHourProperty().not());
        denyButton.disableProperty().bind(vm.canDecideProperty().not());
        approveButton.setOnAction(e -> vm.approveSelected(false));
        approveHourButton.setOnAction(e -> vm.approveSelected(true));
        denyButton.setOnAction(e -> {
            vm.denySelected(reasonField.getText());
            reasonField.clear();
        });
        statusLabel.textProperty().bind(vm.statusProperty());
    }

    private void show(Approval approval) {
        if (approval == null) {
            commandValue.clear();
            diffValue.clear();
            return;
        }
        if (list.getSelectionModel().getSelectedItem() != approval) {
            list.getSelectionModel().select(approval);
        }
        machineValue.setText(approval.machine());
        toolValue.setText(approval.tool());
        callerValue.setText(approval.caller());
        ruleValue.setText(approval.rule() == null ? "-" : "'" + approval.rule() + "'");
        expiresValue.setText(Durations.until(approval.expires(), clock.instant()));
        boolean fileChange = approval.isFileChange();
        commandValue.setVisible(!fileChange);
        commandValue.setManaged(!fileChange);
        diffValue.setVisible(fileChange);
        diffValue.setManaged(fileChange);
        if (fileChange) {
            showFileChange(approval);
            return;
        }
        contextLabel.setText("Runs in");
        commandLabel.setText("Exact command");
        String where = approval.workingDirectory() == null ? "the agent's directory" : approval.workingDirectory();
        contextValue.setText(where + (approval.timeoutSeconds() == null ? "" : ", timeout " + approval.timeoutSeconds() + " s")
                + (approval.env().isEmpty() ? "" : ", environment " + String.join(", ", approval.env().keySet())));
        commandValue.setText(approval.command());
        diffValue.clear();
    }

    private void showFileChange(Approval approval) {
        FileChange change = approval.file();
        contextLabel.setText("Path");
        contextValue.setText(Printable.of(change.path()) + (change.createParents() ? ", creating missing directories" : "")
                + (change.mode() == null ? "" : ", mode " + FileModes.octal(change.mode())));
        commandLabel.setText(change.isEdit() ? "The edit, as a diff against the file when Claude asked"
                : "What the write changes, against the file when Claude asked");
        diffValue.setText(change.diff());
        diffValue.positionCaret(0);
        commandValue.clear();
    }
}
