package fr.interrupt.meshcp.shared.labels;

import fr.interrupt.meshcp.shared.text.Printable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Machine labels ({@code key=value}), with Kubernetes' syntax and character set as the one rule for the agent's
 * {@code labels:}, the hub's {@code machines label} and every selector. Source: Kubernetes, "Labels and Selectors",
 * section "Syntax and character set" (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/):
 * <ul>
 *   <li>a key is an optional prefix and a name separated by {@code /}; the name is 1 to 63 characters of
 *       {@code [A-Za-z0-9._-]} beginning and ending with a letter or digit; the prefix is a DNS subdomain
 *       (RFC 1123: dot-separated lowercase labels of {@code [a-z0-9-]} beginning and ending with a letter or digit)
 *       of at most 253 characters;</li>
 *   <li>a value is empty, or 1 to 63 characters of {@code [A-Za-z0-9._-]} beginning and ending with a letter or digit.</li>
 * </ul>
 * One limit is meshcp's own: at most {@link #MAX_LABELS} labels per machine and source (agent or hub), so a hostile
 * peer cannot make the registry grow without bound. Keys are case-sensitive. Messages name the offending text and the
 * rule, never the face (CLI flag, MCP argument) that supplied it.
 */
public final class Labels {
    /** Most labels one source may set on one machine (meshcp's limit; Kubernetes has none). */
    public static final int MAX_LABELS = 64;
    /** Longest key name and value: 63 characters (Kubernetes). */
    public static final int MAX_NAME = 63;
    /** Longest key prefix: 253 characters (a DNS subdomain, RFC 1123). */
    public static final int MAX_PREFIX = 253;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*");
    private static final String NAME_RULE = "1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    private Labels() {
    }

    /** Whether {@code key} is a valid label key. */
    public static boolean isValidKey(String key) {
        return keyProblem(key) == null;
    }

    /** Whether {@code value} is a valid label value (the empty string is). */
    public static boolean isValidValue(String value) {
        return value != null && (value.isEmpty() || (value.length() <= MAX_NAME && NAME.matcher(value).matches()));
    }

    /** Returns the key, or throws {@link IllegalArgumentException} with a sentence that says what a valid key looks like. */
    public static String requireKey(String key) {
        String problem = keyProblem(key);
        if (problem != null) {
            throw new IllegalArgumentException("invalid label key " + quote(key) + ": " + problem);
        }
        return key;
    }

    /** Returns the value, or throws {@link IllegalArgumentException} naming its key and the rule. */
    public static String requireValue(String key, String value) {
        if (!isValidValue(value)) {
            throw new IllegalArgumentException("invalid value " + quote(value) + " for label " + quote(key)
                    + ": use nothing or " + NAME_RULE);
        }
        return value;
    }

    /**
     * A checked, sorted, unmodifiable copy of {@code labels}; null is the empty map.
     *
     * @throws IllegalArgumentException for an invalid key or value, or more than {@link #MAX_LABELS} labels
     */
    public static SortedMap<String, String> validated(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException(labels.size() + " labels are too many: at most " + MAX_LABELS + " per machine");
        }
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> copy.put(requireKey(k), requireValue(k, v)));
        return Collections.unmodifiableSortedMap(copy);
    }

    /**
     * The labels of {@code labels} that are valid, sorted, at most {@link #MAX_LABELS}: for labels another process
     * reported (an agent, an older registry), where one bad entry must not hide the others.
     */
    public static SortedMap<String, String> validOnly(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (isValidKey(k) && isValidValue(v)) {
                copy.put(k, v);
            }
        });
        while (copy.size() > MAX_LABELS) {
            copy.pollLastEntry();
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** {@code base} with {@code overrides} on top (an override wins on the same key), sorted and unmodifiable. */
    public static SortedMap<String, String> merged(Map<String, String> base, Map<String, String> overrides) {
        TreeMap<String, String> all = new TreeMap<>(base == null ? Map.of() : base);
        if (overrides != null) {
            all.putAll(overrides);
        }
        return Collections.unmodifiableSortedMap(all);
    }

    /** The canonical text: {@code k=v,k2=v2} sorted by key; empty for no label. Parsed back by {@link LabelEdit#parse}. */
    public static String format(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return "";
        }
        return new TreeMap<>(labels).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    static String keyProblem(String key) {
        if (key == null || key.isEmpty()) {
            return "a key cannot be empty";
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || prefix.length() > MAX_PREFIX || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "the prefix before '/' must be a DNS subdomain such as example.com (lowercase letters, digits, '-' and '.', "
                        + "at most " + MAX_PREFIX + " characters)";
            }
        }
        if (name.isEmpty() || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            return "use " + NAME_RULE + (slash < 0 ? ", optionally after a DNS prefix and '/' (example.com/role)" : " after the '/'");
        }
        return null;
    }

    static String quote(String text) {
        return "\"" + Printable.of(text == null ? "" : text, 80) + "\"";
    }
}
