package fr.interrupt.meshcp.agent.config;

import java.util.Collection;

/** "Did you mean ...?" for misspelt keys: the closest known key within a small edit distance. */
final class Suggestions {
    private Suggestions() {
    }

    static String closest(String typed, Collection<String> known) {
        String lower = typed.toLowerCase(java.util.Locale.ROOT);
        for (String candidate : known) {
            if (lower.length() >= 3 && (candidate.startsWith(lower) || lower.startsWith(candidate))) {
                return candidate;
            }
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(typed.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int tolerance = Math.max(2, typed.length() / 4);
        return bestDistance <= tolerance ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
