package fr.interrupt.meshcp.bench;

import java.util.ArrayList;
import java.util.List;

/** The harness's markdown table: one {@link Row} per workload part, in the order. */
final class ComparisonTable {
    static final String HEADER = "| # | workload | meshcp median | meshcp p99 | anchor median | ratio | target | met? |";

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.err.println("bench: " + line(row));
    }

    /** The table as markdown, header and rule first. */
    String markdown() {
        StringBuilder out = new StringBuilder(HEADER).append('\n').append("|---|---|---|---|---|---|---|---|\n");
        for (Row row : rows.stream().sorted(java.util.Comparator.comparing(Row::id)).toList()) {
            out.append(line(row)).append('\n');
        }
        return out.toString();
    }

    private static String line(Row row) {
        return "| " + String.join(" | ", cell(row.id()), cell(row.workload()), cell(row.meshcpMedian()), cell(row.meshcpP99()),
                cell(row.anchorMedian()), cell(row.ratio()), cell(row.target()), cell(row.met())) + " |";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace('\n', ' ');
    }
}
