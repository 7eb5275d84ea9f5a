package fr.interrupt.meshcp.bench;

/**
 * One line of the comparison table. Cells are text with their unit ("27.4 ms", "2.71 s", "203 MiB", "62 /s");
 * {@link #NONE} where a workload has no such figure, or a sentence such as "not installed" for a missing anchor.
 *
 * @param id       the workload number and a letter for its parts ("1", "2a")
 * @param ratio    meshcp / anchor, both medians of the same run
 * @param met      "yes", "no", or {@link #NONE} where there is no target or nothing to compare
 */
record Row(String id, String workload, String meshcpMedian, String meshcpP99, String anchorMedian, String ratio,
           String target, String met) {
    static final String NONE = "—";

    static String met(boolean ok) {
        return ok ? "yes" : "no";
    }
}
