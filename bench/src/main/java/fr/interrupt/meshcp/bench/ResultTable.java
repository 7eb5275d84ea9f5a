package fr.interrupt.meshcp.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table the harness prints: one row per measurement. */
final class ResultTable {
    private final List<String[]> rows = new ArrayList<>();

    void latency(String what, Samples s) {
        rows.add(new String[] {what, String.valueOf(s.count()), f(s.percentileMillis(50)), f(s.percentileMillis(90)),
            f(s.percentileMillis(99)), f(s.meanMillis()), ""});
    }

    void throughput(String what, int runs, double seconds, String rate) {
        rows.add(new String[] {what, String.valueOf(runs), "", "", "", f(seconds * 1000 / runs), rate});
    }

    void note(String what, String value) {
        rows.add(new String[] {what, "", "", "", "", "", value});
    }

    void print(PrintStream out) {
        String[] header = {"measurement", "n", "p50 ms", "p90 ms", "p99 ms", "mean ms", "rate / size"};
        int[] width = new int[header.length];
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] row : all) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (int r = 0; r < all.size(); r++) {
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < header.length; i++) {
                String cell = all.get(r)[i];
                line.append(i == 0 ? pad(cell, width[i]) : padLeft(cell, width[i])).append(" | ");
            }
            out.println(line.toString().stripTrailing());
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int w : width) {
                    rule.append("-".repeat(w + 2)).append('|');
                }
                out.println(rule);
            }
        }
    }

    private static String f(double millis) {
        return String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }

    private static String padLeft(String s, int w) {
        return " ".repeat(w - s.length()) + s;
    }
}
