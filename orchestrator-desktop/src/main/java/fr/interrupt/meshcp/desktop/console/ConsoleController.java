package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.machines.Reachability;
import fr.interrupt.meshcp.desktop.ui.Icons;
import fr.interrupt.meshcp.desktop.ui.Styles;
import fr.interrupt.meshcp.desktop.ui.Formats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The console: machine check list, command line with history (Enter or Ctrl+Enter runs, Esc cancels), one output
 * tab per machine headed by its command and when it ran, and an "All machines" tab lining their outputs up.
 */
public final class ConsoleController {
    private final ConsoleViewModel vm;
    private static final KeyCombination RUN_KEY = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    private final Map<MachineRun, Tab> tabs = new HashMap<>();
    private CombinedOutput combined;
    private Tab combinedTab;

    @FXML
    private ListView<Target> targetList;
    @FXML
    private Button allButton;
    @FXML
    private Button noneButton;
    @FXML
    private TextField commandField;
    @FXML
    private Button runButton;
    @FXML
    private Button cancelButton;
    @FXML
    private TabPane runTabs;
    @FXML
    private VBox placeholder;

    public ConsoleController(ConsoleViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        targetList.setItems(vm.targets());
        targetList.setCellFactory(l -> new TargetCell());
        targetList.setPlaceholder(new Label("No machines enrolled yet."));
        allButton.setOnAction(e -> vm.targets().forEach(t -> t.selectedProperty().set(true)));
        noneButton.setOnAction(e -> vm.targets().forEach(t -> t.selectedProperty().set(false)));

        commandField.textProperty().bindBidirectional(vm.commandProperty());
        commandField.setOnAction(e -> vm.run());
        commandField.setOnKeyPressed(e -> {
            if (RUN_KEY.match(e)) {
                vm.run();
                e.consume();
            } else if (e.getCode() == KeyCode.UP) {
                vm.historyPrevious();
                commandField.end();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN) {
                vm.historyNext();
                commandField.end();
                e.consume();
            }
        });
        runButton.setOnAction(e -> vm.run());
        runButton.disableProperty().bind(vm.canRunProperty().not());
        cancelButton.setOnAction(e -> vm.cancel());
        cancelButton.disableProperty().bind(vm.runningProperty().not());
        runButton.setTooltip(new Tooltip("Run on the picked machines (Enter or Ctrl+Enter)"));
        cancelButton.setTooltip(new Tooltip("Cancel the jobs still running (Esc)"));
        // Esc cancels from anywhere on this page, unless a control used it first (a menu, a filter field)
        javafx.event.EventHandler<KeyEvent> escapeCancels = this::escapeCancels;
        runTabs.sceneProperty().addListener((obs, old, scene) -> {
            if (old != null) {
                old.removeEventHandler(KeyEvent.KEY_PRESSED, escapeCancels);
            }
            if (scene != null) {
                scene.addEventHandler(KeyEvent.KEY_PRESSED, escapeCancels);
            }
        });

        vm.runs().addListener((ListChangeListener<MachineRun>) c -> showRuns());
        vm.shownProperty().addListener((obs, old, run) -> showFront(run));
        placeholder.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.runs()));
        runTabs.visibleProperty().bind(placeholder.visibleProperty().not());
    }

    private void escapeCancels(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE && !e.isConsumed() && vm.runningProperty().get() && onScreen(commandField)) {
            vm.cancel();
            e.consume();
        }
    }

    /** The node and all its parents are visible: this page is the one shown. */
    private static boolean onScreen(javafx.scene.Node node) {
        for (javafx.scene.Node n = node; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return node.getScene() != null;
    }

    private void showRuns() {
        tabs.keySet().retainAll(vm.runs());
        List<Tab> shown = new ArrayList<>(vm.runs().stream().map(run -> tabs.computeIfAbsent(run, this::tab)).toList());
        List<MachineRun> own = vm.runs().stream().filter(MachineRun::isOwn).toList();
        if (own.size() > 1) {
            if (combined == null || !combined.runs().equals(own)) {
                combined = new CombinedOutput(own);
                combinedTab = new Tab("All machines", combined.view());
                combinedTab.setId("console-combined");
                combinedTab.setClosable(false);
                combinedTab.setTooltip(new Tooltip("Every machine's output side by side, line by line; lines that differ between machines are marked"));
            }
            shown.add(combinedTab);
        } else {
            combined = null;
            combinedTab = null;
        }
        runTabs.getTabs().setAll(shown);
        showFront(vm.shownProperty().get());
    }

    private void showFront(MachineRun run) {
        Tab tab = run == null ? null : tabs.get(run);
        if (tab != null) {
            runTabs.getSelectionModel().select(tab);
        }
    }

    private Tab tab(MachineRun run) {
        ListView<OutputLine> output = new ListView<>(run.lines());
        output.getStyleClass().addAll("output", Styles.MONO);
        output.setCellFactory(l -> new OutputCell());
        output.setFixedCellSize(20); // one text line per cell; also keeps long output fast
        output.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        output.setId("output-" + run.key());
        // follow the end while the user has not selected a line
        run.lines().addListener((ListChangeListener<OutputLine>) c -> {
            if (output.getSelectionModel().isEmpty() && !run.lines().isEmpty()) {
                output.scrollTo(run.lines().size() - 1);
            }
        });

        Label summary = new Label();
        summary.setId("summary-" + run.key());
        summary.textProperty().bind(run.summaryProperty());
        summary.getStyleClass().add("run-summary");
        run.stateProperty().addListener((obs, old, state) -> styleSummary(summary, run));
        styleSummary(summary, run);
        Button copy = new Button("Copy output", Icons.glyph("fth-copy", 14));
        copy.getStyleClass().addAll(atlantafx.base.theme.Styles.FLAT, atlantafx.base.theme.Styles.SMALL);
        copy.setMinWidth(Region.USE_PREF_SIZE); // a long summary is cut before the button is
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(run.lines().stream().map(OutputLine::text).collect(Collectors.joining("\n")));
            Clipboard.getSystemClipboard().setContent(content);
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label commandLabel = new Label("$ " + run.command());
        commandLabel.setId("command-" + run.key());
        commandLabel.getStyleClass().addAll(Styles.MONO, "run-command");
        commandLabel.setTooltip(new Tooltip(run.command()));
        commandLabel.setMinWidth(0);
        HBox.setHgrow(commandLabel, Priority.SOMETIMES);
        Label when = new Label(run.machine() + " · " + (run.isOwn() ? "run " : "started ") + Formats.dateTimeSeconds(run.startedAt()));
        when.setId("when-" + run.key());
        when.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        when.setMinWidth(Region.USE_PREF_SIZE);
        summary.setMinWidth(Region.USE_PREF_SIZE);
        HBox head = new HBox(10, commandLabel, when);
        head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox bar = new HBox(8, summary, spacer, copy);
        bar.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox header = new VBox(4, head, bar);
        header.getStyleClass().add("run-bar");
        VBox.setVgrow(output, Priority.ALWAYS);
        VBox body = new VBox(header, output);

        Tab tab = new Tab(run.title(), body);
        tab.setGraphic(badge(run));
        tab.setTooltip(new Tooltip("$ " + run.command()));
        tab.setClosable(false);
        return tab;
    }

    /** The job's end as a word ("exit 1"), coloured by outcome: status dots stay for machines being online. */
    private static Label badge(MachineRun run) {
        Label badge = new Label();
        badge.setId("badge-" + run.key());
        badge.textProperty().bind(run.badgeProperty());
        Runnable style = () -> {
            badge.getStyleClass().setAll("label", "run-badge", StateStyle.badge(run.stateProperty().get(), run.succeededProperty().get()));
        };
        run.stateProperty().addListener((obs, old, state) -> style.run());
        style.run();
        return badge;
    }

    private static void styleSummary(Label summary, MachineRun run) {
        summary.getStyleClass().removeAll(StateStyle.textClasses());
        summary.getStyleClass().add(StateStyle.text(run.stateProperty().get(), run.succeededProperty().get()));
    }

    /** A check box with the machine's name and a status dot. */
    private static final class TargetCell extends ListCell<Target> {
        private final CheckBox box = new CheckBox();
        private final Region dot = new Region();
        private final HBox row = new HBox(8, box, dot);
        private Target bound;

        TargetCell() {
            row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Target target, boolean empty) {
            super.updateItem(target, empty);
            if (bound != null) {
                box.selectedProperty().unbindBidirectional(bound.selectedProperty());
                bound = null;
            }
            if (empty || target == null) {
                setGraphic(null);
                return;
            }
            bound = target;
            box.setText(target.name());
            box.selectedProperty().bindBidirectional(target.selectedProperty());
            Reachability r = target.reachabilityProperty().get();
            dot.getStyleClass().setAll(Styles.DOT, r.styleClass());
            setGraphic(row);
        }
    }

    /** One output line: stdout plain, stderr in the danger colour, the app's notes muted. */
    private static final class OutputCell extends ListCell<OutputLine> {
        @Override
        protected void updateItem(OutputLine line, boolean empty) {
            super.updateItem(line, empty);
            getStyleClass().removeAll(Styles.STDERR, Styles.NOTE);
            if (empty || line == null) {
                setText(null);
                return;
            }
            setText(line.text().isEmpty() ? " " : line.text());
            if (line.kind() == OutputLine.Kind.STDERR) {
                getStyleClass().add(Styles.STDERR);
            } else if (line.kind() == OutputLine.Kind.NOTE) {
                getStyleClass().add(Styles.NOTE);
            }
        }
    }
}
