package fr.interrupt.meshcp.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Workload 9: the desktop's machines table with {@code tableRows} machines whose CPU, memory and status change at
 * 10 Hz, one row selected, in a child JVM ({@code fr.interrupt.meshcp.desktop.bench.TableFrames} from the built
 * desktop's lib directory, so this JVM needs no JavaFX) on an Xvfb display that this workload starts on a free
 * display number and stops, with the desktop launcher's JVM options ({@link #LAUNCHER_JVM_OPTIONS}). Frame time is the
 * time between two pulses as an AnimationTimer sees them, with pulses asked at 120 Hz (an idle frame is 8.3 ms, so a
 * frame that takes longer than 16 ms shows). Without Xvfb the row says "not installed: Xvfb".
 */
final class TableFramesWorkload {
    static final String ID = "9";
    static final String TARGET = "frame p99 ≤ 16 ms, selection kept";
    private static final double TARGET_P99_MILLIS = 16;
    /**
     * The JVM options orchestrator-desktop/src/dist/bin/orchestrator-desktop starts the app with (C1 only, serial GC):
     * with the JVM's defaults, C2's compiler threads take the two cores during the seconds measured and the figure is
     * the JIT's warm-up (on a loaded machine, 10 to 12 frames in 10 s, against 270 to 400 with these).
     */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Pattern RESULT = Pattern.compile(
            "frames rows=(\\d+) count=(\\d+) p50_ms=([0-9.]+) p99_ms=([0-9.]+) max_ms=([0-9.]+) selection=(kept|lost)");

    private TableFramesWorkload() {
    }

    static void run(Context ctx, Path desktopLib) throws IOException, InterruptedException {
        Scale scale = ctx.scale();
        String what = String.format(Locale.ROOT, "desktop machines table, %,d machines changing at 10 Hz, one selected "
                + "(under Xvfb; time between frames, pulses at 120 Hz)", scale.tableRows());
        Path xvfb = onPath("Xvfb");
        if (xvfb == null) {
            ctx.table().add(new Row(ID, what, "not installed: Xvfb", Row.NONE, Row.NONE, Row.NONE, TARGET, Row.NONE));
            return;
        }
        Process display = null;
        try {
            int number = freeDisplay();
            display = new ProcessBuilder(xvfb.toString(), ":" + number, "-screen", "0", "1280x1024x24", "-nolisten", "tcp")
                    .redirectErrorStream(true).redirectOutput(ctx.work().resolve("xvfb.log").toFile()).start();
            awaitDisplay(number, display);
            Matcher result = frames(ctx, desktopLib, number);
            double p50 = Double.parseDouble(result.group(3));
            double p99 = Double.parseDouble(result.group(4));
            double max = Double.parseDouble(result.group(5));
            boolean kept = "kept".equals(result.group(6));
            ctx.table().add(new Row(ID, what + String.format(Locale.ROOT, "; %s frames, max %s; selection %s", result.group(2),
                    Cells.millis(max), result.group(6)), Cells.millis(p50), Cells.millis(p99), Row.NONE, Row.NONE, TARGET,
                    Row.met(p99 <= TARGET_P99_MILLIS && kept)));
        } finally {
            if (display != null) {
                display.destroy();
                display.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs the child and reads its one result line; throws with its output when it has none. */
    private static Matcher frames(Context ctx, Path desktopLib, int display) throws IOException, InterruptedException {
        Scale scale = ctx.scale();
        List<String> command = new ArrayList<>(List.of(JavaCommand.current().get(0)));
        command.addAll(LAUNCHER_JVM_OPTIONS);
        command.addAll(List.of("-Djavafx.animation.pulse=120",
                "-Dprism.vsync=false", "-cp", desktopLib.resolve("*").toString(), "fr.interrupt.meshcp.desktop.bench.TableFrames",
                Integer.toString(scale.tableRows()), Integer.toString(scale.frameSeconds())));
        Path out = ctx.work().resolve("table-frames.out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("DISPLAY", ":" + display);
        builder.environment().remove("WAYLAND_DISPLAY");
        Process child = builder.start();
        long limit = scale.frameSeconds() + 120L;
        if (!child.waitFor(limit, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("the desktop table frames child gave up after " + limit + " s: " + tail(out));
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        Matcher result = RESULT.matcher(text);
        if (child.exitValue() != 0 || !result.find()) {
            throw new IllegalStateException("the desktop table frames child exited " + child.exitValue() + ": " + tail(out));
        }
        return result;
    }

    /** A display number between 100 and 599 with neither an X lock file nor a socket. */
    private static int freeDisplay() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int number = 100 + ThreadLocalRandom.current().nextInt(500);
            if (!Files.exists(Path.of("/tmp/.X" + number + "-lock")) && !Files.exists(Path.of("/tmp/.X11-unix/X" + number))) {
                return number;
            }
        }
        throw new IllegalStateException("no free X display number between 100 and 599");
    }

    private static void awaitDisplay(int number, Process xvfb) throws InterruptedException {
        Path socket = Path.of("/tmp/.X11-unix/X" + number);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (!xvfb.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("Xvfb did not open display :" + number);
            }
            Thread.sleep(50);
        }
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String tail(Path out) throws IOException {
        List<String> lines = Files.exists(out) ? Files.readAllLines(out) : List.of();
        return String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
