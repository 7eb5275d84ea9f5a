package fr.interrupt.meshcp.hub.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one audit.log line (the JSON object {@link AuditLog#record} writes) into an {@link AuditEntry}. A line that is
 * not a JSON object, or has no valid {@code time}, is malformed: the reader skips and counts it, never fails on it
 * (the file may have been edited, cut by a full disk, or written by a newer version).
 */
final class AuditLineParser {
    private static final String TIME = "time";
    private static final String CALLER = "caller";
    private static final String ACTION = "action";
    private static final String MACHINE = "machine";

    private final ObjectMapper json = new ObjectMapper();

    /** The entry of {@code line} (UTF-8 bytes without the newline), or empty when it is malformed. */
    Optional<AuditEntry> parse(byte[] line, int length) {
        JsonNode node;
        try {
            node = json.readTree(new String(line, 0, length, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.path(TIME).isTextual()) {
            return Optional.empty();
        }
        Instant time;
        try {
            time = Instant.parse(node.get(TIME).asText());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (!name.equals(TIME) && !name.equals(CALLER) && !name.equals(ACTION) && !name.equals(MACHINE)
                    && !field.getValue().isNull()) {
                details.put(name, field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString());
            }
        }
        return Optional.of(new AuditEntry(time, text(node, CALLER), text(node, ACTION), machine(node), details));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static String machine(JsonNode node) {
        String machine = text(node, MACHINE);
        return machine.isEmpty() ? null : machine;
    }
}
