package fr.interrupt.meshcp.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a JSON value (as Jackson reads it into maps and lists) against the schema subset
 * the hub's JsonSchemas writes: type (one or a list), properties, required, additionalProperties
 * (false or a schema), items, enum, minimum, maximum. A schema using any other keyword is itself
 * reported, so nothing passes unchecked. Used by the tests on every MCP tool result; plain JDK, so any module's tests can use it.
 */
public final class SchemaCheck {
    private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "items",
            "enum", "minimum", "maximum", "description", "default", "examples", "title");

    private SchemaCheck() {
    }

    /** Every violation, as "path: problem"; empty when the value conforms. */
    public static List<String> violations(Map<String, Object> schema, Object value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    /** Problems in the schema itself: unknown keywords, required names that are not properties. */
    public static List<String> schemaProblems(Map<String, Object> schema) {
        List<String> problems = new ArrayList<>();
        lint(schema, "$", problems);
        return problems;
    }

    @SuppressWarnings("unchecked")
    private static void check(Map<String, Object> schema, Object value, String path, List<String> problems) {
        Object type = schema.get("type");
        if (type != null) {
            List<Object> types = type instanceof List<?> list ? (List<Object>) list : List.of(type);
            if (types.stream().noneMatch(t -> hasType(value, (String) t))) {
                problems.add(path + ": expected " + types + " but got " + describe(value));
                return;
            }
        }
        if (schema.get("enum") instanceof List<?> allowed && !allowed.contains(value)) {
            problems.add(path + ": " + describe(value) + " is not one of " + allowed);
        }
        if (value instanceof Number n) {
            if (schema.get("minimum") instanceof Number min && n.doubleValue() < min.doubleValue()) {
                problems.add(path + ": " + n + " is below the minimum " + min);
            }
            if (schema.get("maximum") instanceof Number max && n.doubleValue() > max.doubleValue()) {
                problems.add(path + ": " + n + " is above the maximum " + max);
            }
        }
        if (value instanceof Map<?, ?> object) {
            Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
            for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
                if (!object.containsKey(name)) {
                    problems.add(path + ": missing required property \"" + name + "\"");
                }
            }
            Object additional = schema.get("additionalProperties");
            for (Map.Entry<?, ?> e : object.entrySet()) {
                String name = String.valueOf(e.getKey());
                String at = path + "." + name;
                if (properties.containsKey(name)) {
                    check((Map<String, Object>) properties.get(name), e.getValue(), at, problems);
                } else if (Boolean.FALSE.equals(additional)) {
                    problems.add(at + ": not allowed by the schema");
                } else if (additional instanceof Map<?, ?> extra) {
                    check((Map<String, Object>) extra, e.getValue(), at, problems);
                }
            }
        }
        if (value instanceof List<?> list && schema.get("items") instanceof Map<?, ?> items) {
            for (int i = 0; i < list.size(); i++) {
                check((Map<String, Object>) items, list.get(i), path + "[" + i + "]", problems);
            }
        }
    }

    private static boolean hasType(Object value, String type) {
        switch (type) {
            case "null":
                return value == null;
            case "string":
                return value instanceof String;
            case "boolean":
                return value instanceof Boolean;
            case "integer":
                return value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && !Double.isInfinite(n.doubleValue());
            case "number":
                return value instanceof Number;
            case "object":
                return value instanceof Map;
            case "array":
                return value instanceof List;
            default:
                return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static void lint(Map<String, Object> schema, String path, List<String> problems) {
        for (String key : schema.keySet()) {
            if (!KEYWORDS.contains(key)) {
                problems.add(path + ": keyword \"" + key + "\" is not checked by SchemaCheck");
            }
        }
        Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
        for (Object name : (List<Object>) schema.getOrDefault("required", List.of())) {
            if (!properties.containsKey(name)) {
                problems.add(path + ": required \"" + name + "\" is not among the properties");
            }
        }
        properties.forEach((name, sub) -> lint((Map<String, Object>) sub, path + "." + name, problems));
        if (schema.get("items") instanceof Map<?, ?> items) {
            lint((Map<String, Object>) items, path + "[]", problems);
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> extra) {
            lint((Map<String, Object>) extra, path + "{}", problems);
        }
    }

    private static String describe(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 80 ? text.substring(0, 77) + "..." : text;
    }
}
