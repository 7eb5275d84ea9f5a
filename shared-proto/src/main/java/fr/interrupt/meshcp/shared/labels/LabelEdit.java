package fr.interrupt.meshcp.shared.labels;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A change to a machine's hub-set labels in kubectl's syntax ({@code kubectl label}): {@code key=value} sets a label,
 * {@code key-} removes one. Source: https://kubernetes.io/docs/reference/kubectl/generated/kubectl_label/.
 *
 * @param set    labels to set, sorted
 * @param remove keys to remove, sorted; never also in {@code set}
 */
public record LabelEdit(SortedMap<String, String> set, SortedSet<String> remove) {
    public LabelEdit {
        set = Collections.unmodifiableSortedMap(new TreeMap<>(set));
        remove = Collections.unmodifiableSortedSet(new TreeSet<>(remove));
    }

    /**
     * Parses {@code key=value} and {@code key-} words, each checked with {@link Labels}' rules.
     *
     * @throws IllegalArgumentException for an empty list, a malformed word, an invalid key or value, the same key twice,
     *                                  or more than {@link Labels#MAX_LABELS} labels
     */
    public static LabelEdit parse(List<String> words) {
        if (words == null || words.isEmpty()) {
            throw new IllegalArgumentException("no label given: use key=value to set a label, key- to remove one");
        }
        TreeMap<String, String> set = new TreeMap<>();
        TreeSet<String> remove = new TreeSet<>();
        for (String word : words) {
            int eq = word.indexOf('=');
            String key;
            if (eq >= 0) {
                key = Labels.requireKey(word.substring(0, eq));
                set.put(key, Labels.requireValue(key, word.substring(eq + 1)));
            } else if (word.endsWith("-") && word.length() > 1) {
                key = Labels.requireKey(word.substring(0, word.length() - 1));
                remove.add(key);
            } else {
                throw new IllegalArgumentException("cannot read " + Labels.quote(word)
                        + " as a label change: use key=value to set a label, key- to remove one");
            }
            if (set.containsKey(key) && remove.contains(key) || countOf(words, key) > 1) {
                throw new IllegalArgumentException("label " + Labels.quote(key) + " is given more than once");
            }
        }
        if (set.size() > Labels.MAX_LABELS) {
            throw new IllegalArgumentException(set.size() + " labels are too many: at most " + Labels.MAX_LABELS + " per machine");
        }
        return new LabelEdit(set, remove);
    }

    private static long countOf(List<String> words, String key) {
        return words.stream().filter(w -> w.startsWith(key + "=") || w.equals(key + "-")).count();
    }
}
