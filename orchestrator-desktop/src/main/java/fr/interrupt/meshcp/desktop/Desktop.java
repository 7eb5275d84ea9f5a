package fr.interrupt.meshcp.desktop;

import fr.interrupt.meshcp.desktop.activity.ActivityController;
import fr.interrupt.meshcp.desktop.activity.ActivityViewModel;
import fr.interrupt.meshcp.desktop.console.ConsoleController;
import fr.interrupt.meshcp.desktop.console.ConsoleViewModel;
import fr.interrupt.meshcp.desktop.console.JobsApi;
import fr.interrupt.meshcp.desktop.console.JobsController;
import fr.interrupt.meshcp.desktop.enroll.AddMachineController;
import fr.interrupt.meshcp.desktop.enroll.AddMachineDialog;
import fr.interrupt.meshcp.desktop.enroll.AddMachineViewModel;
import fr.interrupt.meshcp.desktop.enroll.AgentLauncher;
import fr.interrupt.meshcp.desktop.enroll.EndpointStatus;
import fr.interrupt.meshcp.desktop.enroll.EnrollmentEndpoint;
import fr.interrupt.meshcp.desktop.enroll.LocalAgent;
import fr.interrupt.meshcp.desktop.files.FilesController;
import fr.interrupt.meshcp.desktop.files.FilesViewModel;
import fr.interrupt.meshcp.desktop.files.LocalFiles;
import fr.interrupt.meshcp.desktop.health.HealthHistory;
import fr.interrupt.meshcp.desktop.health.MachineHealthController;
import fr.interrupt.meshcp.desktop.machines.FleetProbe;
import fr.interrupt.meshcp.desktop.machines.MachineDetailsController;
import fr.interrupt.meshcp.desktop.machines.MachineDetailsViewModel;
import fr.interrupt.meshcp.desktop.machines.MachinesController;
import fr.interrupt.meshcp.desktop.machines.MachinesViewModel;
import fr.interrupt.meshcp.desktop.main.MainController;
import fr.interrupt.meshcp.desktop.main.MainViewModel;
import fr.interrupt.meshcp.desktop.main.Page;
import fr.interrupt.meshcp.desktop.policy.ApprovalsController;
import fr.interrupt.meshcp.desktop.policy.ApprovalsViewModel;
import fr.interrupt.meshcp.desktop.policy.PolicyController;
import fr.interrupt.meshcp.desktop.policy.PolicyViewModel;
import fr.interrupt.meshcp.desktop.ui.Dialogs;
import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.FxmlLoaderFactory;
import fr.interrupt.meshcp.desktop.ui.FxmlView;
import fr.interrupt.meshcp.desktop.ui.Icons;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.desktop.ui.Theme;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.certs.CertificateLifecycle;
import fr.interrupt.meshcp.hub.config.ListenAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.prefs.Preferences;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * The desktop's composition root: opens the hub on the data dir, starts the enrollment endpoint,
 * builds the view models and views, and owns the refresh timers. One per window; close it on exit.
 */
public final class Desktop implements AutoCloseable {
    /** How often every machine is pinged and its status read. */
    public static final Duration REFRESH = Duration.seconds(5);
    /** How often the registry file is checked for changes made by other processes. */
    public static final Duration WATCH = Duration.seconds(1);
    /** How often the fleet's jobs are listed while the Run command screen shows. */
    public static final Duration JOBS_REFRESH = Duration.seconds(3);

    private final Hub hub;
    private final ExecutorService background;
    private final EnrollmentEndpoint endpoint;
    private final LocalAgent localAgent;
    private final Theme theme;
    private final MachinesViewModel machines;
    private final MachineDetailsViewModel details;
    private final AddMachineViewModel addMachine;
    private final ConsoleViewModel console;
    private final FilesViewModel files;
    private final MainViewModel main;
    private final ApprovalsViewModel approvals;
    private final PolicyViewModel policy;
    private final ActivityViewModel activity;
    private final HealthHistory health;
    private final List<Timeline> timers;
    private volatile EndpointStatus endpointStatus = EndpointStatus.starting();
    private AddMachineDialog addMachineDialog;
    private Stage stage;

    /** Everything the desktop is configured with, resolved from the command line and the environment. */
    public record Config(Path dataDir, String listen, String address, Theme theme, Optional<String> agentLauncher,
                         Path localAgentDir, Map<String, String> env, String appHome, LocalFiles localFiles, Dialogs dialogs, Clock clock) {
    }

    private final Config config;

    /** What opening takes that may block (key generation, fsync, a DNS lookup): done off the FX thread by the app. */
    public record Opened(Hub hub, String hostname, InetSocketAddress listen) {
    }

    /**
     * Opens the hub on the data dir (generating the CA on first use), looks up this computer's host name and
     * resolves the enrollment listen address. Blocking: call it on a background thread.
     *
     * @throws IllegalArgumentException when the listen address is not HOST:PORT (the hub is not opened then)
     */
    public static Opened open(Config config) {
        InetSocketAddress listen = ListenAddress.parse(config.listen());
        String user = System.getProperty("user.name", "unknown");
        return new Opened(Hub.open(config.dataDir(), "desktop:" + user, config.clock()), LocalAgent.hostname(), listen);
    }

    private Desktop(Config config, Opened opened) {
        this.config = config;
        this.hub = opened.hub();
        hub.certificates().startMaintenance(CertificateLifecycle.MAINTENANCE_INTERVAL);
        this.background = Executors.newCachedThreadPool(daemonThreads());
        Dispatch dispatch = new Dispatch(background, Platform::runLater);
        this.endpoint = new EnrollmentEndpoint(hub, opened.listen(), config.address());
        this.localAgent = new LocalAgent(config.localAgentDir(),
                () -> AgentLauncher.find(config.agentLauncher().orElse(null), config.env(), config.appHome()),
                () -> describe(AgentLauncher.candidates(config.agentLauncher().orElse(null), config.env(), config.appHome())));
        this.theme = config.theme();
        this.machines = new MachinesViewModel(FleetProbe.of(hub), dispatch, config.clock());
        this.details = new MachineDetailsViewModel(hub, dispatch);
        this.addMachine = new AddMachineViewModel(hub, dispatch, config.clock(), endpoint, () -> endpointStatus, localAgent,
                opened.hostname());
        this.console = new ConsoleViewModel(JobsApi.of(hub.jobs()), machines.rows(), dispatch, config.clock());
        this.files = new FilesViewModel(hub.files(), machines.rows(), dispatch);
        this.main = new MainViewModel(machines, details, console, files, theme, hub.dataDir().toString());
        this.approvals = new ApprovalsViewModel(hub.approvals(), dispatch);
        this.policy = new PolicyViewModel(hub.policy(), dispatch);
        this.health = new HealthHistory(HealthHistory.capacityFor(java.time.Duration.ofMillis((long) REFRESH.toMillis())));
        machines.onPolled(() -> health.record(machines.rows(), config.clock().instant()));
        this.activity = new ActivityViewModel(hub.audit(), ref -> hub.jobs().get(ref), job -> {
            main.showConsole();
            console.attach(job);
        }, dispatch, config.clock());
        this.timers = List.of(timer(WATCH, machines::checkForChanges), timer(REFRESH, machines::refresh),
                timer(JOBS_REFRESH, this::refreshJobsIfShown), timer(WATCH, approvals::checkForChanges),
                timer(WATCH, this::refreshPolicyIfShown), timer(WATCH, this::refreshActivityIfShown));
        main.pageProperty().addListener((obs, old, page) -> {
            refreshJobsIfShown();
            refreshPolicyIfShown();
            refreshActivityIfShown();
        });
    }

    /** Opens the hub, builds the app on {@code stage} and shows it, all on the calling (FX) thread: for tests. */
    public static Desktop start(Stage stage, Config config) {
        return start(stage, config, open(config));
    }

    /** Builds the app on {@code stage} around an opened hub and shows it. FX thread. */
    public static Desktop start(Stage stage, Config config, Opened opened) {
        Desktop desktop = new Desktop(config, opened);
        desktop.show(stage);
        return desktop;
    }

    /**
     * Shows the window at once with "Opening the hub…", opens the hub on a background thread, then builds the
     * app in the same window ({@code ready}), or hands the failure to {@code failed}, both on the FX thread.
     */
    public static void startInBackground(Stage stage, Config config, Consumer<Desktop> ready,
                                         Consumer<Throwable> failed) {
        config.theme().apply();
        Label opening = new Label("Opening the hub…");
        opening.setId("opening-hub");
        opening.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(28, 28);
        VBox box = new VBox(12, spinner, opening);
        box.setAlignment(Pos.CENTER);
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        stage.setScene(new Scene(box, Math.min(1320, screen.getWidth() * 0.92), Math.min(820, screen.getHeight() * 0.92)));
        stage.setTitle("meshcp");
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.getIcons().setAll(Icons.appIcons());
        stage.show();
        Thread opener = new Thread(() -> {
            try {
                Opened opened = open(config);
                Platform.runLater(() -> {
                    try {
                        ready.accept(start(stage, config, opened));
                    } catch (RuntimeException e) {
                        opened.hub().close();
                        failed.accept(e);
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> failed.accept(e));
            }
        }, "meshcp-desktop-open");
        opener.setDaemon(true);
        opener.start();
    }

    private void show(Stage window) {
        this.stage = window;
        theme.apply();
        List<String> stylesheets = List.of(Desktop.class.getResource("/fr/interrupt/meshcp/desktop/desktop.css").toExternalForm());
        Map<Class<?>, Supplier<?>> controllers = new HashMap<>();
        FxmlLoaderFactory views = new FxmlLoaderFactory(controllers);
        addMachineDialog = new AddMachineDialog(views, addMachine, window, stylesheets);
        Map<Page, Supplier<Parent>> pages = new EnumMap<>(Page.class);
        pages.put(Page.MACHINES, () -> views.load(FxmlView.MACHINES).root());
        pages.put(Page.MACHINE_DETAILS, () -> views.load(FxmlView.MACHINE_DETAILS).root());
        pages.put(Page.CONSOLE, () -> views.load(FxmlView.CONSOLE).root());
        pages.put(Page.FILES, () -> views.load(FxmlView.FILES).root());
        pages.put(Page.APPROVALS, () -> views.load(FxmlView.APPROVALS).root());
        pages.put(Page.POLICY, () -> views.load(FxmlView.POLICY).root());
        pages.put(Page.ACTIVITY, () -> views.load(FxmlView.ACTIVITY).root());
        controllers.put(ActivityController.class, () -> new ActivityController(activity));
        controllers.put(MachineHealthController.class, () -> new MachineHealthController(details, health));
        controllers.put(MainController.class, () -> new MainController(main, pages, addMachineDialog::show,
                Icons.appIcons().stream().filter(i -> i.getWidth() == 64).findFirst().orElse(null), approvals));
        controllers.put(ApprovalsController.class, () -> new ApprovalsController(approvals, config.clock()));
        controllers.put(PolicyController.class, () -> new PolicyController(policy, config.dialogs()));
        controllers.put(MachinesController.class, () -> new MachinesController(machines, main, addMachineDialog::show,
                addMachineDialog::showAndAddThisComputer, config.clock()));
        controllers.put(MachineDetailsController.class, () -> new MachineDetailsController(details, main));
        controllers.put(AddMachineController.class, () -> new AddMachineController(addMachine, config.clock()));
        controllers.put(ConsoleController.class, () -> new ConsoleController(console));
        controllers.put(JobsController.class, () -> new JobsController(console.jobs(), config.dialogs()));
        controllers.put(FilesController.class, () -> new FilesController(files, config.localFiles()));

        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        Scene scene = window.getScene();
        if (scene == null) {
            scene = new Scene(views.load(FxmlView.MAIN).root(), Math.min(1320, screen.getWidth() * 0.92),
                    Math.min(820, screen.getHeight() * 0.92));
            window.setScene(scene);
        } else {
            scene.setRoot(views.load(FxmlView.MAIN).root()); // the "Opening the hub…" window, kept at its size
        }
        scene.getStylesheets().setAll(stylesheets);
        window.setTitle("meshcp");
        window.setMinWidth(960);
        window.setMinHeight(600);
        window.getIcons().setAll(Icons.appIcons());
        window.show();

        Tasks.supply(endpoint::start).onSuccess(status -> {
            endpointStatus = status;
            main.endpointStarted(status);
        }).start(new Dispatch(background, Platform::runLater));
        machines.checkForChanges();
        // a request of Claude's must not wait unseen behind other windows
        approvals.onNewRequest(() -> {
            window.setIconified(false);
            window.toFront();
        });
        approvals.checkForChanges();
        timers.forEach(Timeline::play);
    }

    // For tests and screenshots: the parts a person would drive through the window.

    public Hub hub() {
        return hub;
    }

    public MainViewModel main() {
        return main;
    }

    public MachinesViewModel machines() {
        return machines;
    }

    public MachineDetailsViewModel details() {
        return details;
    }

    public AddMachineViewModel addMachine() {
        return addMachine;
    }

    public AddMachineDialog addMachineDialog() {
        return addMachineDialog;
    }

    public ConsoleViewModel console() {
        return console;
    }

    public FilesViewModel files() {
        return files;
    }

    public ApprovalsViewModel approvals() {
        return approvals;
    }

    public PolicyViewModel policy() {
        return policy;
    }

    public ActivityViewModel activity() {
        return activity;
    }

    public HealthHistory health() {
        return health;
    }

    public LocalAgent localAgent() {
        return localAgent;
    }

    public EndpointStatus endpointStatus() {
        return endpointStatus;
    }

    public EnrollmentEndpoint endpoint() {
        return endpoint;
    }

    public Stage stage() {
        return stage;
    }

    /** Stops timers, the endpoint and the hub. The local agent keeps running, and so do the jobs on the fleet. */
    @Override
    public void close() {
        timers.forEach(Timeline::stop);
        console.detachAll();
        activity.close();
        if (addMachineDialog != null) {
            addMachineDialog.close();
        }
        endpoint.close();
        background.shutdownNow();
        hub.close();
    }

    /** audit.log is read every second while the Activity page shows, and at once when it comes to the front. */
    private void refreshActivityIfShown() {
        if (main.pageProperty().get() == Page.ACTIVITY) {
            activity.checkForChanges();
        }
    }

    /** The policy table follows changes made elsewhere (the CLI) only while it shows. */
    private void refreshPolicyIfShown() {
        if (main.pageProperty().get() == Page.POLICY) {
            policy.checkForChanges();
        }
    }

    /** The Jobs list is kept fresh only while a person can see it. */
    private void refreshJobsIfShown() {
        if (main.pageProperty().get() == Page.CONSOLE) {
            console.jobs().refresh();
        }
    }

    private static Timeline timer(Duration every, Runnable action) {
        Timeline timeline = new Timeline(new KeyFrame(every, e -> action.run()));
        timeline.setCycleCount(Timeline.INDEFINITE);
        return timeline;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "meshcp-desktop-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static String describe(List<Path> candidates) {
        List<String> shown = candidates.stream().limit(4).map(Path::toString).toList();
        return String.join(", ", shown) + (candidates.size() > 4 ? " and the PATH" : "");
    }

    /** The saved theme preference node (null in tests). */
    public static Preferences preferences() {
        return Preferences.userRoot().node("fr/interrupt/meshcp/desktop");
    }
}
