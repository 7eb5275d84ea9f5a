package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bench/run.sh --smoke, as a developer runs it: one round, few calls, 2 agents, no ssh. Every workload row of issue 12
 * must come out with its numbers, the table on stdout must be the one written to --out, and no process the harness
 * started may outlive it.
 */
class BenchSmokeIT {
    private static final List<String> ROWS = List.of("1", "2a", "2b", "2c", "2d", "3a", "3b", "3c", "3d", "3e", "3f", "4a", "4b",
            "4c", "5a", "5b", "5c", "6", "7", "8a", "8b", "8c", "8d", "9");
    /** A figure as the table writes it: a number and its unit. */
    private static final Pattern FIGURE = Pattern.compile("^[0-9]+(\\.[0-9]+)? (ms|s|MiB|MiB/s)\\b.*");
    private static final Pattern RATIO = Pattern.compile("^[0-9]+\\.[0-9]{2}$");
    private static final Pattern WORK_DIR = Pattern.compile("bench: work dir (\\S+)");

    @Test
    void smokeRunPrintsEveryWorkloadWithNumbersWritesTheSameTableAndLeavesNoProcess(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("RESULTS.md");
        Path runSh = Path.of(System.getProperty("meshcp.bench.dir"), "run.sh");

        Launchers.Result result = Launchers.run(300, Map.of(), runSh, "--smoke", "--out", out.toString()).assertOk();

        String written = Files.readString(out);
        assertThat(result.stdout()).isEqualTo(written);
        assertThat(written).contains("Command: `bench/run.sh --smoke`").containsPattern("Machine: [0-9]+ cores")
                .contains("load average").contains("| # | workload | meshcp median | meshcp p99 | anchor median | ratio | target | met? |");
        List<String[]> rows = rows(written);
        assertThat(rows).extracting(r -> r[0]).containsExactlyElementsOf(ROWS);
        for (String[] row : rows) {
            if ("9".equals(row[0]) && row[2].equals("not installed: Xvfb")) {
                continue;
            }
            if (!"3f".equals(row[0])) {
                assertThat(row[2]).as("meshcp median of row " + row[0]).matches(FIGURE);
            }
            assertThat(row[7]).as("met? of row " + row[0]).matches("yes|no|—|no \\(p99 only\\)|yes \\(p99 only\\)");
        }
        for (String id : List.of("2b", "2c", "2d", "3e", "8a", "8b", "8c", "8d")) {
            String[] row = rows.stream().filter(r -> r[0].equals(id)).findFirst().orElseThrow();
            assertThat(row[4]).as("anchor of row " + id).matches(FIGURE);
            assertThat(row[5]).as("ratio of row " + id).matches(RATIO);
        }
        assertThat(rows.stream().filter(r -> r[0].equals("1")).findFirst().orElseThrow()[4]).isEqualTo("skipped: --smoke runs no ssh");
        assertThat(rows.stream().filter(r -> r[0].equals("3f")).findFirst().orElseThrow()[4]).as("iperf3's figure, or why not")
                .matches("not installed|[0-9]+ MiB/s \\(iperf3\\)");

        String[] frames = rows.stream().filter(r -> r[0].equals("9")).findFirst().orElseThrow();
        assertThat(frames[6]).isEqualTo("frame p99 ≤ 16 ms, selection kept");
        if (!frames[2].equals("not installed: Xvfb")) {
            assertThat(frames[3]).as("frame p99").matches(FIGURE);
            assertThat(frames[1]).as("the frames row says whether the selection was kept").containsPattern("selection (kept|lost)");
        }

        Matcher work = WORK_DIR.matcher(result.stderr());
        assertThat(work.find()).as("stderr names the work dir: " + result.stderr()).isTrue();
        assertThat(Files.exists(Path.of(work.group(1)))).as("work dir removed").isFalse();
        assertThat(processesMentioning(work.group(1))).as("processes left behind").isEmpty();
    }

    /** The table's rows, cells trimmed, header and rule left out. */
    private static List<String[]> rows(String markdown) {
        List<String[]> rows = new ArrayList<>();
        for (String line : markdown.lines().toList()) {
            if (line.startsWith("| ") && !line.startsWith("| # |")) {
                String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
                assertThat(cells).as(line).hasSize(8);
                rows.add(cells);
            }
        }
        return rows;
    }

    private static List<Long> processesMentioning(String text) throws IOException {
        List<Long> found = new ArrayList<>();
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().matches("[0-9]+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(text)) {
                        found.add(Long.parseLong(dir.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found;
    }
}
