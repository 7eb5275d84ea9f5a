package fr.interrupt.meshcp.hub.mcp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The small JSON Schema subset the tools use (type, properties, required, additionalProperties,
 * items, enum, minimum, maximum, description, default, examples), as plain maps the SDK sends.
 */
public final class JsonSchemas {
    private JsonSchemas() {
    }

    public static Map<String, Object> string(String description, String... examples) {
        Map<String, Object> s = typed("string", description);
        if (examples.length > 0) {
            s.put("examples", List.of(examples));
        }
        return s;
    }

    public static Map<String, Object> integer(String description, long min, long max) {
        Map<String, Object> s = typed("integer", description);
        s.put("minimum", min);
        s.put("maximum", max);
        return s;
    }

    public static Map<String, Object> integer(String description) {
        return typed("integer", description);
    }

    public static Map<String, Object> number(String description) {
        return typed("number", description);
    }

    public static Map<String, Object> bool(String description) {
        return typed("boolean", description);
    }

    public static Map<String, Object> oneOf(String description, String... values) {
        Map<String, Object> s = typed("string", description);
        s.put("enum", List.of(values));
        return s;
    }

    public static Map<String, Object> array(Map<String, Object> items, String description) {
        Map<String, Object> s = typed("array", description);
        s.put("items", items);
        return s;
    }

    /** An object whose values are all strings (environment variables). */
    public static Map<String, Object> stringMap(String description) {
        Map<String, Object> s = typed("object", description);
        s.put("additionalProperties", Map.of("type", "string"));
        return s;
    }

    /** The same schema, also accepting null. */
    public static Map<String, Object> nullable(Map<String, Object> schema) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        Object type = copy.get("type");
        copy.put("type", List.of(type, "null"));
        return copy;
    }

    public static Map<String, Object> withDefault(Map<String, Object> schema, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("default", value);
        return copy;
    }

    /**
     * A copy of {@code schema} without the descriptions and examples of its parts, described by {@code description}
     * instead: for a schema the tool list already carries in full elsewhere (one job result shape in four tools), so
     * it is sent once with its words. Types, enums, bounds and required fields are kept, so validation is unchanged.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> bare(Map<String, Object> schema, String description) {
        Map<String, Object> copy = (Map<String, Object>) strip(schema);
        if (description != null) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("type", copy.get("type"));
            described.put("description", description);
            described.putAll(copy);
            return described;
        }
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object strip(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = (String) e.getKey();
                if (key.equals("description") || key.equals("examples")) {
                    continue;
                }
                // property names are data, not keywords: a property called "description" stays
                out.put(key, key.equals("properties") ? stripEach((Map<String, Object>) e.getValue()) : strip(e.getValue()));
            }
            return out;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(JsonSchemas::strip).toList();
        }
        return node;
    }

    private static Map<String, Object> stripEach(Map<String, Object> properties) {
        Map<String, Object> out = new LinkedHashMap<>();
        properties.forEach((name, schema) -> out.put(name, strip(schema)));
        return out;
    }

    public static ObjectBuilder object() {
        return new ObjectBuilder();
    }

    private static Map<String, Object> typed(String type, String description) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", type);
        if (description != null) {
            s.put("description", description);
        }
        return s;
    }

    /** An object schema; closed (no additional properties) unless said otherwise. */
    public static final class ObjectBuilder {
        private final Map<String, Object> properties = new LinkedHashMap<>();
        private final List<String> required = new ArrayList<>();
        private String description;
        private boolean closed = true;

        public ObjectBuilder required(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            required.add(name);
            return this;
        }

        public ObjectBuilder optional(String name, Map<String, Object> schema) {
            properties.put(name, schema);
            return this;
        }

        public ObjectBuilder description(String text) {
            this.description = text;
            return this;
        }

        public ObjectBuilder open() {
            this.closed = false;
            return this;
        }

        public Set<String> names() {
            return properties.keySet();
        }

        public Map<String, Object> build() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("type", "object");
            if (description != null) {
                s.put("description", description);
            }
            s.put("properties", new LinkedHashMap<>(properties));
            if (!required.isEmpty()) {
                s.put("required", List.copyOf(required));
            }
            if (closed) {
                s.put("additionalProperties", false);
            }
            return s;
        }
    }
}
