package fr.interrupt.meshcp.desktop.files;

import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.desktop.ui.Icons;
import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.FileModes;
import java.time.Instant;
import java.util.Comparator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The file browser: machine picker, path bar, listing, preview and the transfer bar. */
public final class FilesController {
    private final FilesViewModel vm;
    private final LocalFiles localFiles;

    @FXML
    private ComboBox<String> machineBox;
    @FXML
    private Button backButton;
    @FXML
    private Button upButton;
    @FXML
    private Button refreshButton;
    @FXML
    private TextField pathField;
    @FXML
    private Button uploadButton;
    @FXML
    private Button downloadButton;
    @FXML
    private SplitPane split;
    @FXML
    private TableView<FileRow> table;
    @FXML
    private TableColumn<FileRow, FileRow> nameColumn;
    @FXML
    private TableColumn<FileRow, Long> sizeColumn;
    @FXML
    private TableColumn<FileRow, Instant> modifiedColumn;
    @FXML
    private TableColumn<FileRow, Integer> modeColumn;
    @FXML
    private VBox previewPane;
    @FXML
    private Label previewTitle;
    @FXML
    private Button closePreviewButton;
    @FXML
    private TextArea previewArea;
    @FXML
    private Label problemLabel;
    @FXML
    private Label listingNote;
    @FXML
    private HBox transferBar;
    @FXML
    private Label transferLabel;
    @FXML
    private ProgressBar transferProgress;
    @FXML
    private Button cancelTransferButton;

    public FilesController(FilesViewModel vm, LocalFiles localFiles) {
        this.vm = vm;
        this.localFiles = localFiles;
    }

    @FXML
    private void initialize() {
        machineBox.setItems(vm.machines());
        machineBox.valueProperty().bindBidirectional(vm.machineProperty());
        machineBox.setPromptText("Choose a machine");
        machineBox.setCellFactory(l -> new MachineCell());
        machineBox.setButtonCell(new MachineCell());
        backButton.setOnAction(e -> vm.back());
        backButton.disableProperty().bind(vm.canGoBackProperty().not());
        backButton.setTooltip(new Tooltip("Back"));
        upButton.setOnAction(e -> vm.up());
        upButton.disableProperty().bind(vm.canGoUpProperty().not());
        upButton.setTooltip(new Tooltip("Parent directory"));
        refreshButton.setOnAction(e -> vm.refresh());
        refreshButton.setTooltip(new Tooltip("Refresh"));
        // a listing that ends while the person types a path does not overwrite what they typed
        vm.pathProperty().addListener((obs, old, now) -> {
            if (!pathField.isFocused() || pathField.getText().isEmpty() || pathField.getText().equals(old)) {
                pathField.setText(now);
            }
        });
        pathField.setOnAction(e -> vm.navigate(pathField.getText()));
        pathField.disableProperty().bind(vm.machineProperty().isNull());

        SortedList<FileRow> sorted = new SortedList<>(vm.entries());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        Label placeholder = new Label();
        placeholder.setId("files-empty");
        placeholder.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        placeholder.textProperty().bind(vm.emptyTextProperty());
        table.setPlaceholder(placeholder);
        nameColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        nameColumn.setComparator(Comparator.comparingInt(FileRow::sortKey).thenComparing(FileRow::name, String.CASE_INSENSITIVE_ORDER));
        nameColumn.setCellFactory(c -> new NameCell());
        sizeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().directory() ? null : c.getValue().size()));
        sizeColumn.setCellFactory(c -> cell(ByteSizes::format));
        modifiedColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().modified()));
        modifiedColumn.setCellFactory(c -> cell(Formats::dateTime));
        modeColumn.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().mode()));
        modeColumn.setCellFactory(c -> cell(mode -> FileModes.permissions(mode)));
        modeColumn.getStyleClass().add(fr.interrupt.meshcp.desktop.ui.Styles.MONO);
        table.getSortOrder().add(nameColumn);
        table.setRowFactory(t -> {
            TableRow<FileRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.activate(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            FileRow selected = table.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.ENTER && selected != null) {
                vm.activate(selected);
            } else if (e.getCode() == KeyCode.BACK_SPACE) {
                vm.up();
            }
        });

        downloadButton.disableProperty().bind(Bindings.createBooleanBinding(() -> {
            FileRow selected = table.getSelectionModel().getSelectedItem();
            return selected == null || selected.directory();
        }, table.getSelectionModel().selectedItemProperty()));
        downloadButton.setOnAction(e -> download());
        uploadButton.disableProperty().bind(vm.pathProperty().isEmpty());
        uploadButton.setOnAction(e -> upload());

        previewTitle.textProperty().bind(vm.previewNameProperty());
        previewArea.textProperty().bind(vm.previewTextProperty());
        closePreviewButton.setOnAction(e -> vm.closePreview());
        vm.previewNameProperty().addListener((obs, old, now) -> showPreview(now != null));
        showPreview(false);

        problemLabel.textProperty().bind(vm.problemProperty());
        problemLabel.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        listingNote.textProperty().bind(vm.listingNoteProperty());

        vm.transferProperty().addListener((obs, old, now) -> bindTransfer(now));
        bindTransfer(null);
    }

    private void showPreview(boolean show) {
        if (show && !split.getItems().contains(previewPane)) {
            split.getItems().add(previewPane);
            split.setDividerPositions(0.55);
        } else if (!show) {
            split.getItems().remove(previewPane);
        }
    }

    private void bindTransfer(Transfer t) {
        transferBar.setVisible(t != null);
        transferBar.setManaged(t != null);
        if (t == null) {
            return;
        }
        transferLabel.textProperty().bind(t.textProperty());
        transferProgress.progressProperty().bind(t.progressProperty());
        cancelTransferButton.visibleProperty().bind(t.runningProperty());
        cancelTransferButton.setOnAction(e -> vm.cancelTransfer());
    }

    private void download() {
        FileRow selected = table.getSelectionModel().getSelectedItem();
        if (selected == null || selected.directory()) {
            return;
        }
        localFiles.chooseSaveTarget(table.getScene().getWindow(), selected.name()).ifPresent(local -> vm.download(selected, local));
    }

    private void upload() {
        localFiles.chooseUpload(table.getScene().getWindow()).ifPresent(local -> {
            String name = local.getFileName().toString();
            if (vm.entries().stream().anyMatch(r -> r.name().equals(name)) && !confirmReplace(name)) {
                return;
            }
            vm.upload(local);
        });
    }

    private boolean confirmReplace(String name) {
        javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.CONFIRMATION);
        alert.initOwner(table.getScene().getWindow());
        alert.setTitle("Replace file");
        alert.setHeaderText("Replace \"" + name + "\" in " + vm.pathProperty().get() + "?");
        alert.setContentText("The file on the machine is overwritten with the one you upload.");
        javafx.scene.control.ButtonType replace = new javafx.scene.control.ButtonType("Replace",
                javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        alert.getButtonTypes().setAll(javafx.scene.control.ButtonType.CANCEL, replace);
        return alert.showAndWait().filter(replace::equals).isPresent();
    }

    private static <T> TableCell<FileRow, T> cell(java.util.function.Function<T, String> format) {
        return new TableCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : format.apply(item));
            }
        };
    }

    /** A machine in the picker: its status dot (following it live), then its name. */
    private final class MachineCell extends javafx.scene.control.ListCell<String> {
        private final javafx.scene.layout.Region dot = new javafx.scene.layout.Region();
        private final javafx.beans.value.ChangeListener<Reachability> follow = (obs, old, now) -> showDot(now);
        private javafx.beans.value.ObservableValue<Reachability> followed;

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            if (followed != null) {
                followed.removeListener(follow);
                followed = null;
            }
            if (empty || name == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(name);
            followed = vm.reachabilityOf(name);
            if (followed == null) {
                setGraphic(null);
                return;
            }
            followed.addListener(follow);
            showDot(followed.getValue());
            setGraphic(dot);
        }

        private void showDot(Reachability r) {
            dot.getStyleClass().setAll(fr.interrupt.meshcp.desktop.ui.Styles.DOT, r.styleClass());
        }
    }

    /** An icon by type, then the name (and a symlink's target). */
    private static final class NameCell extends TableCell<FileRow, FileRow> {
        @Override
        protected void updateItem(FileRow row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            String glyph = row.type() == FileType.DIRECTORY ? "fth-folder" : row.type() == FileType.SYMLINK ? "fth-link" : "fth-file";
            var icon = Icons.glyph(glyph, 15);
            icon.getStyleClass().add(row.directory() ? "folder-icon" : "file-icon");
            setGraphic(icon);
            setText(row.type() == FileType.SYMLINK && !row.symlinkTarget().isEmpty() ? row.name() + " → " + row.symlinkTarget() : row.name());
        }
    }

}
