package fr.interrupt.meshcp.desktop.bench;

import fr.interrupt.meshcp.desktop.Desktop;
import fr.interrupt.meshcp.desktop.machines.MachineRow;
import fr.interrupt.meshcp.desktop.machines.MachinesController;
import fr.interrupt.meshcp.desktop.machines.MachinesViewModel;
import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.FxmlLoaderFactory;
import fr.interrupt.meshcp.desktop.ui.FxmlView;
import fr.interrupt.meshcp.desktop.ui.Theme;
import fr.interrupt.meshcp.desktop.ui.ThemeMode;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import javafx.util.Duration;

/**
 * Workload 9 of the benchmark (issue 12), a child process of bench/run.sh under Xvfb: the real machines page
 * (machines.fxml, its controller and view model, the app's theme and style sheet) with {@code ROWS} machines whose
 * CPU, memory and status change at 10 Hz, fed through the view model's own refresh from a {@link SyntheticFleet};
 * one row selected. After one second of warm-up it records, for {@code SECONDS}, the time between frames as an
 * {@link AnimationTimer} sees them (pulse timestamps, ns), then prints one line on stdout:
 * {@code frames rows=R count=N p50_ms=.. p99_ms=.. max_ms=.. selection=kept|lost fx_cpu_p50_ms=.. fx_cpu_p99_ms=..
 * fx_cpu_ms_per_s=.. render_cpu_ms_per_s=.. process_cpu_ms_per_s=..} and exits 0; 2 on bad arguments.
 * Run it with {@code -Djavafx.animation.pulse=120} so that an idle frame is 8.3 ms and a slow one shows.
 * <p>
 * The CPU figures hold on a loaded machine, where the times between frames grow with the other processes: CPU
 * time of the JavaFX application thread between two frames (what one frame costs it: the fleet's rows applied,
 * CSS, layout, the scene's sync), and per second of measurement the CPU time of that thread, of the render thread
 * (QuantumRenderer, which paints) and of the whole process (JIT compilers and GC included).
 *
 * <pre>java -cp 'orchestrator-desktop/target/dist/lib/*' fr.interrupt.meshcp.desktop.bench.TableFrames ROWS SECONDS</pre>
 */
public final class TableFrames {
    /** How often the fleet changes: every 100 ms (10 Hz). */
    static final Duration UPDATE = Duration.millis(100);
    /** Frames left out at the start: the first layout of every row and the JIT's first compilations (ns). */
    private static final long WARM_UP_NANOS = 1_000_000_000L;

    private final int rows;
    private final int seconds;
    private final long[] deltas;
    private final long[] fxCpu;
    private int count;
    private long last;
    private long lastCpu;
    private final CpuClock cpu = new CpuClock();
    private CpuClock.Reading startCpu;
    private String selected;
    private long measuredFrom;
    private Timeline changes;

    private TableFrames(int rows, int seconds) {
        this.rows = rows;
        this.seconds = seconds;
        this.deltas = new long[seconds * 1000 + 16];
        this.fxCpu = new long[deltas.length];
    }

    /** {@code TableFrames ROWS SECONDS}: ROWS 1 to 100,000 machines, SECONDS 1 to 600 of measurement. */
    public static void main(String[] args) {
        int rows;
        int seconds;
        try {
            if (args.length != 2) {
                throw new IllegalArgumentException("usage: TableFrames ROWS SECONDS");
            }
            rows = bounded("ROWS", args[0], 100_000);
            seconds = bounded("SECONDS", args[1], 600);
        } catch (IllegalArgumentException e) {
            System.err.println("table frames: " + e.getMessage());
            System.exit(2);
            return;
        }
        TableFrames frames = new TableFrames(rows, seconds);
        Platform.startup(frames::start);
    }

    private static int bounded(String what, String text, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(what + " must be a whole number from 1 to " + max + ", not " + text);
    }

    private void start() {
        new Theme(ThemeMode.LIGHT, false, null).apply();
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "synthetic-fleet");
            t.setDaemon(true);
            return t;
        });
        Clock clock = Clock.systemUTC();
        MachinesViewModel vm = new MachinesViewModel(new SyntheticFleet(rows, 12), new Dispatch(background, Platform::runLater), clock);
        Map<Class<?>, Supplier<?>> controllers = Map.of(MachinesController.class,
                () -> new MachinesController(vm, null, () -> { }, () -> { }, clock)); // no other page: nothing to open
        Parent root = new FxmlLoaderFactory(controllers).load(FxmlView.MACHINES).root();
        Scene scene = new Scene(root, 1280, 800);
        scene.getStylesheets().add(Desktop.class.getResource("/fr/interrupt/meshcp/desktop/desktop.css").toExternalForm());
        Stage stage = new Stage();
        stage.setScene(scene);
        stage.setTitle("meshcp table frames");
        stage.show();
        @SuppressWarnings("unchecked")
        TableView<MachineRow> table = (TableView<MachineRow>) scene.lookup("#machines-table");
        selected = SyntheticFleet.name((rows + 1) / 2);
        AnimationTimer timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long cpuNow = cpu.currentThread();
                if (measuredFrom == 0) {
                    measuredFrom = now + WARM_UP_NANOS;
                } else if (now > measuredFrom && count < deltas.length) {
                    if (startCpu == null) {
                        startCpu = cpu.read();
                    }
                    fxCpu[count] = cpuNow - lastCpu;
                    deltas[count++] = now - last;
                }
                last = now;
                lastCpu = cpuNow;
                if (measuredFrom != 0 && now - measuredFrom >= seconds * 1_000_000_000L) {
                    stop();
                    finish(table);
                }
            }
        };
        vm.onPolled(() -> {
            if (table.getSelectionModel().isEmpty() && vm.row(selected) != null) {
                table.getSelectionModel().select(vm.row(selected));
                table.scrollTo(vm.row(selected));
                timer.start(); // the clock starts once the rows are there and one is selected
            }
        });
        vm.refresh();
        changes = new Timeline(new KeyFrame(UPDATE, e -> vm.refresh()));
        changes.setCycleCount(Timeline.INDEFINITE);
        changes.play();
    }

    private void finish(TableView<MachineRow> table) {
        changes.stop();
        MachineRow now = table.getSelectionModel().getSelectedItem();
        boolean kept = now != null && now.name().equals(selected) && table.getSelectionModel().getSelectedItems().size() == 1;
        System.out.println(report(kept));
        System.out.flush();
        Platform.exit();
        System.exit(0);
    }

    private String report(boolean kept) {
        long[] sorted = Arrays.copyOf(deltas, count);
        Arrays.sort(sorted);
        long[] cpuSorted = Arrays.copyOf(fxCpu, count);
        Arrays.sort(cpuSorted);
        CpuClock.Reading end = cpu.read();
        CpuClock.Reading start = startCpu == null ? end : startCpu;
        double seconds = Math.max(1e-9, (end.wallNanos() - start.wallNanos()) / 1e9);
        return String.format(Locale.ROOT, "frames rows=%d count=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f selection=%s"
                        + " fx_cpu_p50_ms=%.2f fx_cpu_p99_ms=%.2f fx_cpu_ms_per_s=%.1f render_cpu_ms_per_s=%.1f process_cpu_ms_per_s=%.1f",
                rows, count, percentile(sorted, 50), percentile(sorted, 99), count == 0 ? 0 : sorted[count - 1] / 1e6, kept ? "kept" : "lost",
                percentile(cpuSorted, 50), percentile(cpuSorted, 99), (end.fxNanos() - start.fxNanos()) / 1e6 / seconds,
                (end.renderNanos() - start.renderNanos()) / 1e6 / seconds, (end.processNanos() - start.processNanos()) / 1e6 / seconds);
    }

    /** Nearest rank, in ms; 0 with no sample. */
    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p / 100 * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
