package fr.interrupt.meshcp.hub.service;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.patch.Patch;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Printable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Unified diffs (the format of {@code diff -u}, as GNU diffutils documents it) of a text file's change, for a person to
 * read before approving it; computed with java-diff-utils (Myers' algorithm).
 */
public final class UnifiedDiffs {
    /** Lines of context around each change, as {@code diff -u}'s default. */
    private static final int CONTEXT_LINES = 3;
    /**
     * Myers' algorithm costs about the square of the number of differing lines: past this many steps (well under a
     * second) the change is shown as every old line removed and every new one added, which the cap then cuts.
     */
    private static final int MAX_DIFF_STEPS = 2_000;

    private UnifiedDiffs() {
    }

    /**
     * The diff from {@code before} to {@code after} of the file at {@code path} ("--- a/PATH", "+++ b/PATH", hunks),
     * cut to at most {@code maxBytes} bytes of UTF-8 at a line end, with a last line saying so; "" when they are equal.
     * Control characters other than tab (terminal escapes in a hostile file) are shown as '?'.
     */
    public static String of(String path, String before, String after, int maxBytes) {
        List<String> original = before.lines().toList();
        List<String> revised = after.lines().toList();
        List<String> lines;
        try {
            Patch<String> patch = DiffUtils.diff(original, revised, new StepBudget());
            if (patch.getDeltas().isEmpty()) {
                return before.equals(after) ? "" : "(only line ends or the final newline change)\n";
            }
            lines = UnifiedDiffUtils.generateUnifiedDiff("a" + path, "b" + path, original, patch, CONTEXT_LINES);
        } catch (TooManySteps e) {
            lines = wholeReplacement(path, original, revised);
        }
        StringBuilder out = new StringBuilder();
        long bytes = 0;
        for (String raw : lines) {
            String line = shown(raw);
            int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
            if (bytes + size > maxBytes) {
                out.append("... diff cut at ").append(ByteSizes.format(maxBytes)).append(": ")
                        .append(lines.size()).append(" lines in all\n");
                break;
            }
            out.append(line).append('\n');
            bytes += size;
        }
        return out.toString();
    }

    private static List<String> wholeReplacement(String path, List<String> original, List<String> revised) {
        List<String> lines = new ArrayList<>(original.size() + revised.size() + 3);
        lines.add("--- a" + path);
        lines.add("+++ b" + path);
        lines.add("@@ -1," + original.size() + " +1," + revised.size() + " @@");
        original.forEach(line -> lines.add("-" + line));
        revised.forEach(line -> lines.add("+" + line));
        return lines;
    }

    /** Stops the diff once it has taken {@link #MAX_DIFF_STEPS} steps. */
    private static final class StepBudget implements DiffAlgorithmListener {
        @Override
        public void diffStart() {
        }

        @Override
        public void diffStep(int value, int max) {
            if (value > MAX_DIFF_STEPS) {
                throw new TooManySteps();
            }
        }

        @Override
        public void diffEnd() {
        }
    }

    private static final class TooManySteps extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManySteps() {
            super(null, null, false, false);
        }
    }

    private static String shown(String line) {
        StringBuilder shown = new StringBuilder(line.length());
        line.codePoints().forEach(cp -> {
            if (cp == '\t' || Printable.isPrintable(cp)) {
                shown.appendCodePoint(cp);
            } else {
                shown.append('?');
            }
        });
        return shown.toString();
    }
}
