package fr.interrupt.meshcp.desktop.main;

import fr.interrupt.meshcp.desktop.enroll.EndpointStatus;
import fr.interrupt.meshcp.desktop.policy.ApprovalsViewModel;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import fr.interrupt.meshcp.desktop.ui.Shortcuts;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Toggle;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** The window frame: sidebar navigation, the page area, the theme switch and the status bar. */
public final class MainController {
    private final MainViewModel vm;
    private final Map<Page, Supplier<Parent>> pageFactories;
    private final Map<Page, Parent> pages = new EnumMap<>(Page.class);
    private final Runnable openAddMachine;
    private final Image logo;
    private final ApprovalsViewModel approvals;
    private final Map<ToggleButton, Runnable> navActions = new java.util.LinkedHashMap<>();

    @FXML
    private ImageView logoView;
    @FXML
    private ToggleButton machinesNav;
    @FXML
    private ToggleButton consoleNav;
    @FXML
    private ToggleButton filesNav;
    @FXML
    private ToggleButton activityNav;
    @FXML
    private ToggleButton approvalsNav;
    @FXML
    private ToggleButton policyNav;
    @FXML
    private Label approvalsBadge;
    @FXML
    private javafx.scene.layout.HBox approvalBanner;
    @FXML
    private Label approvalBannerLabel;
    @FXML
    private javafx.scene.control.Button approvalBannerReview;
    @FXML
    private ToggleButton themeSystem;
    @FXML
    private ToggleButton themeLight;
    @FXML
    private ToggleButton themeDark;
    @FXML
    private StackPane content;
    @FXML
    private Region endpointDot;
    @FXML
    private Label endpointLabel;
    @FXML
    private Label summaryLabel;
    @FXML
    private Label dataDirLabel;
    @FXML
    private Label summaryDot;

    public MainController(MainViewModel vm, Map<Page, Supplier<Parent>> pageFactories, Runnable openAddMachine, Image logo,
                          ApprovalsViewModel approvals) {
        this.vm = vm;
        this.approvals = approvals;
        this.pageFactories = pageFactories;
        this.openAddMachine = openAddMachine;
        this.logo = logo;
    }

    @FXML
    private void initialize() {
        logoView.setImage(logo);
        ToggleGroup nav = new ToggleGroup();
        machinesNav.setToggleGroup(nav);
        consoleNav.setToggleGroup(nav);
        filesNav.setToggleGroup(nav);
        activityNav.setToggleGroup(nav);
        approvalsNav.setToggleGroup(nav);
        policyNav.setToggleGroup(nav);
        nav.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // a nav item cannot be unselected by clicking it again
            } else if (now != navOf(vm.pageProperty().get()) && navActions.containsKey(now)) {
                navActions.get(now).run(); // the arrow keys select the next item without its action: the page follows
            }
        });
        navActions.put(machinesNav, vm::showMachines);
        navActions.put(consoleNav, vm::showConsole);
        navActions.put(filesNav, vm::showFiles);
        navActions.put(activityNav, vm::showActivity);
        navActions.put(approvalsNav, vm::showApprovals);
        navActions.put(policyNav, vm::showPolicy);
        navActions.forEach((item, action) -> item.setOnAction(e -> action.run()));
        bindApprovals();

        ToggleGroup themes = new ToggleGroup();
        themeSystem.setToggleGroup(themes);
        themeLight.setToggleGroup(themes);
        themeDark.setToggleGroup(themes);
        themeSystem.setTooltip(new Tooltip("Follow the system"));
        themeLight.setTooltip(new Tooltip("Light"));
        themeDark.setTooltip(new Tooltip("Dark"));
        selectTheme(vm.theme().modeProperty().get());
        vm.theme().modeProperty().addListener((obs, old, now) -> selectTheme(now));
        themes.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            } else {
                vm.theme().modeProperty().set(modeOf(now));
            }
        });

        content.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.N,
                        javafx.scene.input.KeyCombination.SHORTCUT_DOWN), openAddMachine);
                installShortcuts(scene);
            }
        });
        vm.pageProperty().addListener((obs, old, now) -> show(now));
        show(vm.pageProperty().get());

        vm.endpointProperty().addListener((obs, old, now) -> showEndpoint(now));
        showEndpoint(vm.endpointProperty().get());
        summaryLabel.textProperty().bind(vm.machines().summaryProperty());
        summaryDot.visibleProperty().bind(vm.machines().summaryProperty().isNotEmpty());
        dataDirLabel.setText("Data " + vm.dataDirProperty().get());
        dataDirLabel.setTooltip(new Tooltip("Hub data directory (shared with the CLI and serve)"));
    }

    private void show(Page page) {
        Parent view = pages.computeIfAbsent(page, p -> pageFactories.get(p).get());
        content.getChildren().setAll(view);
        navOf(page).setSelected(true);
    }

    /** The sidebar item of {@code page} (a machine's details belong to Machines). */
    private ToggleButton navOf(Page page) {
        return switch (page) {
            case MACHINES, MACHINE_DETAILS -> machinesNav;
            case CONSOLE -> consoleNav;
            case FILES -> filesNav;
            case ACTIVITY -> activityNav;
            case APPROVALS -> approvalsNav;
            case POLICY -> policyNav;
        };
    }

    /** The sidebar's pages in order: Shortcut+1 is the first. */
    private List<ToggleButton> navOrder() {
        return List.of(machinesNav, consoleNav, filesNav, activityNav, approvalsNav, policyNav);
    }

    /** Shortcut+1..6 switch pages (as the sidebar's tooltips say), Shortcut+K and "/" focus the page's filter. */
    private void installShortcuts(javafx.scene.Scene scene) {
        List<ToggleButton> order = navOrder();
        for (int i = 0; i < order.size(); i++) {
            ToggleButton item = order.get(i);
            javafx.scene.input.KeyCombination key = Shortcuts.page(i + 1);
            scene.getAccelerators().put(key, navActions.get(item));
            String name = item.getAccessibleText() != null ? item.getAccessibleText() : item.getText();
            item.setTooltip(new Tooltip(Shortcuts.withKey(name, key)));
        }
        scene.getAccelerators().put(Shortcuts.FILTER, this::focusFilter);
        Shortcuts.filterOnSlash(scene, this::focusFilter);
    }

    /** Focuses the filter of the page shown (Machines, Activity...); pages without one keep the focus where it is. */
    public void focusFilter() {
        if (!content.getChildren().isEmpty()) {
            Shortcuts.focusFilterIn(content.getChildren().get(0));
        }
    }

    /** The banner above every page and the badge on the nav item, shown while any request of Claude's waits. */
    private void bindApprovals() {
        approvalBanner.visibleProperty().bind(approvals.countProperty().greaterThan(0));
        approvalBanner.managedProperty().bind(approvalBanner.visibleProperty());
        approvalBannerLabel.textProperty().bind(approvals.bannerProperty());
        approvalBannerReview.setOnAction(e -> vm.showApprovals());
        approvalsBadge.textProperty().bind(approvals.countProperty().asString());
        approvalsBadge.visibleProperty().bind(approvals.countProperty().greaterThan(0));
        approvalsBadge.managedProperty().bind(approvalsBadge.visibleProperty());
    }

    private void showEndpoint(EndpointStatus status) {
        endpointLabel.setText(status.note());
        endpointDot.getStyleClass().removeAll("status-online", "status-offline", "status-checking", "status-warning");
        endpointDot.getStyleClass().add(switch (status.state()) {
            case SERVING -> "status-online";
            case ELSEWHERE -> "status-warning";
            case HELD_BY_OTHER, FAILED -> "status-offline";
            case STARTING -> "status-checking";
        });
    }

    private void selectTheme(ThemeMode mode) {
        switch (mode) {
            case LIGHT -> themeLight.setSelected(true);
            case DARK -> themeDark.setSelected(true);
            default -> themeSystem.setSelected(true);
        }
    }

    private ThemeMode modeOf(Toggle toggle) {
        return toggle == themeLight ? ThemeMode.LIGHT : toggle == themeDark ? ThemeMode.DARK : ThemeMode.SYSTEM;
    }
}
