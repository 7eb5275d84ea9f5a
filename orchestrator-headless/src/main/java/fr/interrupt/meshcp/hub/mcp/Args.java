package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A tool call's arguments, read with exact, actionable errors: a model that sends a wrong name or
 * type learns which argument, what was expected, and what it sent.
 */
public final class Args {
    private final String tool;
    private final Map<String, Object> values;

    public Args(String tool, Map<String, Object> values) {
        this.tool = tool;
        this.values = values == null ? Map.of() : values;
    }

    /** Refuses arguments the tool does not declare, so a misspelt option is never silently ignored. */
    public Args onlyKnown(Set<String> known) {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw invalid("unknown argument" + (unknown.size() > 1 ? "s " : " ") + quoteAll(unknown) + " for " + tool
                    + " (expected: " + String.join(", ", new TreeSet<>(known)) + ")");
        }
        return this;
    }

    /** These arguments with {@code name} set to {@code value} and the {@code dropped} ones removed. */
    Args with(String name, Object value, String... dropped) {
        Map<String, Object> next = new java.util.LinkedHashMap<>(values);
        for (String d : dropped) {
            next.remove(d);
        }
        next.put(name, value);
        return new Args(tool, next);
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    public String string(String name) {
        String value = optionalString(name);
        if (value == null || value.isEmpty()) {
            throw invalid("missing required argument \"" + name + "\" for " + tool);
        }
        return value;
    }

    public String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(name, "a string", value);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longValue(name, defaultValue, min, max);
    }

    public Integer optionalInteger(String name, int min, int max) {
        return has(name) ? integer(name, 0, min, max) : null;
    }

    public long longValue(String name, long defaultValue, long min, long max) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long n;
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            n = number.longValue();
        } else if (value instanceof String s && s.trim().matches("-?\\d{1,18}")) {
            n = Long.parseLong(s.trim());
        } else {
            throw wrongType(name, "an integer from " + min + " to " + max, value);
        }
        if (n < min || n > max) {
            throw invalid("argument \"" + name + "\" must be from " + min + " to " + max + " (got " + n + ")");
        }
        return n;
    }

    public boolean bool(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw wrongType(name, "true or false", value);
    }

    /** One of {@code allowed}, or {@code defaultValue} when absent. */
    public String choice(String name, String defaultValue, List<String> allowed) {
        String value = optionalString(name);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw invalid("argument \"" + name + "\" must be one of " + quoteAll(allowed) + " (got \"" + value + "\")");
        }
        return value;
    }

    public List<String> stringList(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw wrongType(name, "an array of strings", value);
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String s) || s.isEmpty()) {
                throw wrongType(name, "an array of non-empty strings", value);
            }
            out.add(s);
        }
        return out;
    }

    public Map<String, String> stringMap(String name) {
        Object value = values.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw wrongType(name, "an object of string values, such as {\"LANG\": \"C\"}", value);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw wrongType(name + "." + e.getKey(), "a string", e.getValue());
            }
            out.put(String.valueOf(e.getKey()), s);
        }
        return out;
    }

    /** The value for audit.log, or null. */
    public Object raw(String name) {
        return values.get(name);
    }

    private MeshcpException wrongType(String name, String expected, Object value) {
        return invalid("argument \"" + name + "\" must be " + expected + " (got " + describe(value) + ")");
    }

    private static String describe(Object value) {
        return Printable.of(value instanceof String s ? "\"" + s + "\"" : String.valueOf(value), 57);
    }

    private static String quoteAll(java.util.Collection<String> names) {
        List<String> quoted = new ArrayList<>();
        for (String n : names) {
            quoted.add("\"" + n + "\"");
        }
        return String.join(", ", quoted);
    }

    static MeshcpException invalid(String message) {
        return new InvalidArgumentException(message);
    }
}
