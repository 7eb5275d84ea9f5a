package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.shared.text.Durations;
import java.time.Clock;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The add-machine dialog: the token form, then the QR code and command, this computer, pending tokens. */
public final class AddMachineController {
    private static final int QR_PIXELS_PER_MODULE = 4;

    private final AddMachineViewModel vm;
    private final Clock clock;

    @FXML
    private Label endpointWarning;
    @FXML
    private VBox formPane;
    @FXML
    private TextField nameField;
    @FXML
    private Label nameError;
    @FXML
    private ComboBox<TtlChoice> ttlBox;
    @FXML
    private Button createButton;
    @FXML
    private Label problemLabel;
    @FXML
    private javafx.scene.layout.HBox resultPane;
    @FXML
    private ImageView qrView;
    @FXML
    private Label qrSpentLabel;
    @FXML
    private Label runLabel;
    @FXML
    private Label stateLabel;
    @FXML
    private Label expiresLabel;
    @FXML
    private TextArea commandArea;
    @FXML
    private Button copyButton;
    @FXML
    private Button anotherButton;
    @FXML
    private Label localNameLabel;
    @FXML
    private Label localStatusLabel;
    @FXML
    private ProgressIndicator localProgress;
    @FXML
    private Button localButton;
    @FXML
    private TableView<TokenRow> tokensTable;
    @FXML
    private TableColumn<TokenRow, String> tokenMachineColumn;
    @FXML
    private TableColumn<TokenRow, String> tokenIdColumn;
    @FXML
    private TableColumn<TokenRow, String> tokenExpiresColumn;
    @FXML
    private TableColumn<TokenRow, TokenRow> tokenRevokeColumn;
    @FXML
    private Button closeButton;
    @FXML
    private javafx.scene.control.ScrollPane contentScroll;

    public AddMachineController(AddMachineViewModel vm, Clock clock) {
        this.vm = vm;
        this.clock = clock;
    }

    @FXML
    private void initialize() {
        endpointWarning.textProperty().bind(vm.endpointWarningProperty());
        endpointWarning.visibleProperty().bind(vm.endpointWarningProperty().isNotEmpty());
        endpointWarning.managedProperty().bind(endpointWarning.visibleProperty());

        nameField.textProperty().bindBidirectional(vm.nameProperty());
        nameField.setOnAction(e -> vm.create());
        nameError.textProperty().bind(Bindings.when(vm.nameErrorProperty().isNull())
                .then("Lowercase letters, digits and hyphens, e.g. web-1.").otherwise(vm.nameErrorProperty()));
        vm.nameErrorProperty().addListener((obs, old, now) -> nameError.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("error"), now != null));
        vm.nameErrorProperty().addListener((obs, old, now) -> nameField.pseudoClassStateChanged(
                atlantafx.base.theme.Styles.STATE_DANGER, now != null));
        ttlBox.getItems().setAll(TtlChoice.values());
        ttlBox.valueProperty().bindBidirectional(vm.ttlProperty());
        createButton.setOnAction(e -> vm.create());
        createButton.disableProperty().bind(vm.canCreateProperty().not());
        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());

        formPane.visibleProperty().bind(vm.stepProperty().isEqualTo(AddMachineViewModel.Step.FORM));
        formPane.managedProperty().bind(formPane.visibleProperty());
        resultPane.visibleProperty().bind(formPane.visibleProperty().not());
        resultPane.managedProperty().bind(resultPane.visibleProperty());
        vm.qrCodeProperty().addListener((obs, old, code) ->
                qrView.setImage(code == null ? null : QrImages.render(code, QR_PIXELS_PER_MODULE)));
        commandArea.textProperty().bind(vm.commandProperty());
        expiresLabel.textProperty().bind(vm.expiresInProperty());
        vm.stepProperty().addListener((obs, old, step) -> showStep(step));
        showStep(vm.stepProperty().get());
        copyButton.setOnAction(e -> copy());
        copyButton.disableProperty().bind(vm.spentProperty().or(vm.commandProperty().isEmpty()));
        qrSpentLabel.visibleProperty().bind(vm.spentProperty());
        qrSpentLabel.textProperty().bind(Bindings.when(vm.stepProperty().isEqualTo(AddMachineViewModel.Step.ENROLLED))
                .then("Used: this token enrolled its machine and works no more.")
                .otherwise("Expired: this token works no more."));
        for (javafx.scene.Node gone : new javafx.scene.Node[] {commandArea, runLabel}) {
            gone.visibleProperty().bind(vm.spentProperty().not());
            gone.managedProperty().bind(gone.visibleProperty());
        }
        anotherButton.setOnAction(e -> vm.another());

        localNameLabel.textProperty().bind(Bindings.concat("Runs a meshcp agent on this computer as \"", vm.localNameProperty(),
                "\", listening on 127.0.0.1 only."));
        localStatusLabel.textProperty().bind(vm.localStatusProperty());
        localStatusLabel.visibleProperty().bind(vm.localStatusProperty().isNotEmpty());
        localStatusLabel.managedProperty().bind(localStatusLabel.visibleProperty());
        vm.localOnlineProperty().addListener((obs, old, online) -> localStatusLabel.pseudoClassStateChanged(
                atlantafx.base.theme.Styles.STATE_SUCCESS, online));
        localProgress.visibleProperty().bind(vm.localBusyProperty());
        localProgress.managedProperty().bind(localProgress.visibleProperty());
        localButton.setOnAction(e -> vm.addThisComputer());
        localButton.textProperty().bind(vm.localActionProperty());
        // an agent that answers has nothing to restart; a stopped one is started again
        localButton.disableProperty().bind(vm.localBusyProperty().or(vm.localOnlineProperty()));
        vm.localOnlineProperty().addListener((obs, old, online) -> localStatusLabel.pseudoClassStateChanged(
                atlantafx.base.theme.Styles.STATE_WARNING, !online && vm.localActionProperty().get().startsWith("Restart")));

        tokensTable.setItems(vm.pendingTokens());
        tokensTable.setPlaceholder(new Label("No pending token."));
        tokenMachineColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().machineName()));
        tokenIdColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        tokenExpiresColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(
                Durations.until(c.getValue().expiresAt(), clock.instant())));
        tokenRevokeColumn.setCellValueFactory(c -> new javafx.beans.property.ReadOnlyObjectWrapper<>(c.getValue()));
        tokenRevokeColumn.setCellFactory(c -> new RevokeCell());
        closeButton.setOnAction(e -> window().hide());
    }

    private void showStep(AddMachineViewModel.Step step) {
        javafx.application.Platform.runLater(() -> {
            if (closeButton.getScene() != null && closeButton.getScene().getWindow() != null) {
                Window window = closeButton.getScene().getWindow();
                // wrapped lines make the content taller at the dialog's width than at its preferred one
                double width = contentScroll.getViewportBounds().getWidth();
                contentScroll.setPrefViewportHeight(((javafx.scene.layout.Region) contentScroll.getContent())
                        .prefHeight(width > 0 ? width : -1));
                window.sizeToScene();
                fitOnScreen(window);
            }
        });
        String machine = vm.issuedProperty().get() == null ? "" : vm.issuedProperty().get().machineName();
        stateLabel.getStyleClass().removeAll(atlantafx.base.theme.Styles.SUCCESS, atlantafx.base.theme.Styles.DANGER);
        switch (step) {
            case WAITING -> stateLabel.setText("Waiting for \"" + machine + "\" to enroll…");
            case ENROLLED -> {
                stateLabel.setText("\"" + machine + "\" is enrolled");
                stateLabel.getStyleClass().add(atlantafx.base.theme.Styles.SUCCESS);
            }
            case EXPIRED -> {
                stateLabel.setText("The token for \"" + machine + "\" expired");
                stateLabel.getStyleClass().add(atlantafx.base.theme.Styles.DANGER);
            }
            default -> stateLabel.setText("");
        }
    }

    /** No taller than the screen: the content scrolls, the Close bar stays in view. */
    static void fitOnScreen(Window window) {
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        if (window.getHeight() > screen.getHeight()) {
            window.setHeight(screen.getHeight());
            window.setY(screen.getMinY());
        }
    }

    private void copy() {
        ClipboardContent content = new ClipboardContent();
        content.putString(vm.commandProperty().get());
        Clipboard.getSystemClipboard().setContent(content);
        copyButton.setText("Copied");
        javafx.animation.PauseTransition reset = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(2));
        reset.setOnFinished(e -> copyButton.setText("Copy command"));
        reset.play();
    }

    private Window window() {
        return closeButton.getScene().getWindow();
    }

    private final class RevokeCell extends TableCell<TokenRow, TokenRow> {
        private final Button button = new Button("Revoke");

        RevokeCell() {
            button.getStyleClass().addAll(atlantafx.base.theme.Styles.SMALL, atlantafx.base.theme.Styles.DANGER,
                    atlantafx.base.theme.Styles.BUTTON_OUTLINED);
            button.setOnAction(e -> {
                if (getItem() != null) {
                    vm.revoke(getItem());
                }
            });
        }

        @Override
        protected void updateItem(TokenRow item, boolean empty) {
            super.updateItem(item, empty);
            setGraphic(empty || item == null ? null : button);
        }
    }
}
