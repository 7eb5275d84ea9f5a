package fr.interrupt.meshcp.shared.text;

import java.util.Map;
import java.util.TreeMap;

/** Labels for a table cell: {@code k=v,k2=v2} sorted by key, cut at whole labels with a count of the rest. */
public final class LabelsText {
    private LabelsText() {
    }

    /**
     * The labels as {@code k=v,k=v} in key order, at most about {@code maxChars} characters: when they do not fit,
     * whole labels are kept while they fit and {@code ,+N} says how many more there are (the first label is always
     * shown, cut with "..." if it alone is too long). Empty for no label. Untrusted text is made printable.
     *
     * @param maxChars at least 8
     */
    public static String compact(Map<String, String> labels, int maxChars) {
        if (maxChars < 8) {
            throw new IllegalArgumentException("maxChars must be at least 8, not " + maxChars);
        }
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            String label = Printable.of(e.getKey() + "=" + e.getValue());
            int left = labels.size() - shown - 1;
            String more = left > 0 ? ",+" + left : "";
            int needed = (shown > 0 ? 1 : 0) + label.length() + more.length();
            if (out.length() + needed > maxChars) {
                if (shown == 0) {
                    return Printable.of(label, Math.max(1, maxChars - 3 - more.length())) + more;
                }
                return out.append(",+").append(labels.size() - shown).toString();
            }
            out.append(shown > 0 ? "," : "").append(label);
            shown++;
        }
        return out.toString();
    }
}
