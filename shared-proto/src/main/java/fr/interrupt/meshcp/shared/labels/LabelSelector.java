package fr.interrupt.meshcp.shared.labels;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A label selector in Kubernetes' syntax: requirements separated by commas, all of which must hold (AND).
 * Source: Kubernetes, "Labels and Selectors", sections "Equality-based requirement" and "Set-based requirement"
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors):
 * <ul>
 *   <li>{@code key=value}, {@code key==value}: the label is present with that value;</li>
 *   <li>{@code key!=value}: the label is absent or has another value;</li>
 *   <li>{@code key in (a,b)}: present with one of the values; {@code key notin (a,b)}: absent or none of them;</li>
 *   <li>{@code key}: present (any value); {@code !key}: absent.</li>
 * </ul>
 * Keys and values follow {@link Labels}' rules; spaces around words are ignored. Unlike Kubernetes, where an empty
 * selector selects everything, an empty selector is refused here, so a forgotten value never runs a command on the
 * whole fleet (the faces have their own way to say "all").
 */
public final class LabelSelector {
    /** Longest selector text accepted: 4096 characters. */
    public static final int MAX_LENGTH = 4096;

    /** The operators of a requirement, as Kubernetes names them. */
    public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** One requirement: {@code values} is empty for EXISTS and DOES_NOT_EXIST, one value for EQUALS and NOT_EQUALS. */
    public record Requirement(String key, Operator operator, Set<String> values) {
        /** values are kept sorted. */
        public Requirement {
            values = Collections.unmodifiableSortedSet(new TreeSet<>(values));
        }

        private String first() {
            return values.iterator().next();
        }

        /** Whether {@code labels} satisfy this requirement. */
        public boolean matches(Map<String, String> labels) {
            boolean has = labels.containsKey(key);
            String value = labels.get(key);
            switch (operator) {
                case EQUALS:
                case IN:
                    return has && values.contains(value);
                case NOT_EQUALS:
                case NOT_IN:
                    return !has || !values.contains(value);
                case EXISTS:
                    return has;
                default:
                    return !has;
            }
        }

        @Override
        public String toString() {
            switch (operator) {
                case EQUALS:
                    return key + "=" + first();
                case NOT_EQUALS:
                    return key + "!=" + first();
                case IN:
                    return key + " in (" + String.join(",", values) + ")";
                case NOT_IN:
                    return key + " notin (" + String.join(",", values) + ")";
                case EXISTS:
                    return key;
                default:
                    return "!" + key;
            }
        }
    }

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException with a sentence naming the selector and what is wrong (an empty selector, a
     *                                  missing value or parenthesis, an invalid key or value, text over {@link #MAX_LENGTH})
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the selector is empty: give at least one requirement such as env=prod");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the selector is too long: at most " + MAX_LENGTH + " characters");
        }
        return new Parser(text).selector();
    }

    /** Whether every requirement holds for {@code labels} (null: no label). */
    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The selector in canonical form: requirements joined by commas. */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /** A hand-written scanner over the selector text; positions in messages count from 1. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        LabelSelector selector() {
            List<Requirement> out = new ArrayList<>();
            while (true) {
                skipSpaces();
                out.add(requirement());
                skipSpaces();
                if (atEnd()) {
                    return new LabelSelector(out);
                }
                if (text.charAt(pos) != ',') {
                    throw error("expected ',' between requirements");
                }
                pos++;
            }
        }

        private Requirement requirement() {
            if (peek('!') && !peekAt(pos + 1, '=')) {
                pos++;
                skipSpaces();
                return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
            }
            String key = key();
            skipSpaces();
            if (atEnd() || peek(',')) {
                return new Requirement(key, Operator.EXISTS, Set.of());
            }
            if (text.startsWith("==", pos) || text.startsWith("!=", pos)) {
                Operator op = text.charAt(pos) == '!' ? Operator.NOT_EQUALS : Operator.EQUALS;
                pos += 2;
                return new Requirement(key, op, Set.of(value(key)));
            }
            if (peek('=')) {
                pos++;
                return new Requirement(key, Operator.EQUALS, Set.of(value(key)));
            }
            if (word("notin")) {
                return new Requirement(key, Operator.NOT_IN, set(key));
            }
            if (word("in")) {
                return new Requirement(key, Operator.IN, set(key));
            }
            throw error("expected =, ==, !=, in or notin after " + Labels.quote(key));
        }

        private String key() {
            int start = pos;
            while (!atEnd() && !isDelimiter(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw error("expected a label key");
            }
            String key = text.substring(start, pos);
            try {
                return Labels.requireKey(key);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix() + e.getMessage());
            }
        }

        private String value(String key) {
            skipSpaces();
            int start = pos;
            while (!atEnd() && !isDelimiter(text.charAt(pos))) {
                pos++;
            }
            String value = text.substring(start, pos);
            try {
                return Labels.requireValue(key, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(prefix() + e.getMessage());
            }
        }

        private SortedSet<String> set(String key) {
            skipSpaces();
            if (!peek('(')) {
                throw error("expected '(' and a list of values after in or notin, as in env in (prod,staging)");
            }
            pos++;
            skipSpaces();
            if (peek(')')) {
                throw error("the list of values after in or notin cannot be empty");
            }
            TreeSet<String> values = new TreeSet<>();
            while (true) {
                values.add(value(key));
                skipSpaces();
                if (peek(')')) {
                    pos++;
                    break;
                }
                if (!peek(',')) {
                    throw error("expected ',' or ')' in the list of values");
                }
                pos++;
            }
            return values;
        }

        /** Consumes {@code w} when it stands alone at pos (followed by a space or '('). */
        private boolean word(String w) {
            if (!text.startsWith(w, pos)) {
                return false;
            }
            int after = pos + w.length();
            if (after < text.length() && (Character.isWhitespace(text.charAt(after)) || text.charAt(after) == '(')) {
                pos = after;
                return true;
            }
            return false;
        }

        private static boolean isDelimiter(char c) {
            return c == ',' || c == '=' || c == '!' || c == '(' || c == ')' || Character.isWhitespace(c);
        }

        private void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean atEnd() {
            return pos >= text.length();
        }

        private boolean peek(char c) {
            return peekAt(pos, c);
        }

        private boolean peekAt(int at, char c) {
            return at < text.length() && text.charAt(at) == c;
        }

        private String prefix() {
            return "in selector " + Labels.quote(text) + ": ";
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(prefix() + what + " at character " + (pos + 1));
        }
    }
}
