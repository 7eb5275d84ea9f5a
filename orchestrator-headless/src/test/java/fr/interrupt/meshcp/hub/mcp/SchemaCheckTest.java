package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.SchemaCheck;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaCheckTest {
    private final Map<String, Object> schema = JsonSchemas.object()
            .required("name", JsonSchemas.string(null))
            .required("state", JsonSchemas.oneOf(null, "on", "off"))
            .required("code", JsonSchemas.nullable(JsonSchemas.integer(null, 0, 255)))
            .optional("tags", JsonSchemas.array(JsonSchemas.string(null), null))
            .build();

    @Test
    void aConformingValuePasses() {
        Map<String, Object> value = new HashMap<>(Map.of("name", "a", "state", "on", "tags", List.of("x")));
        value.put("code", null);
        assertThat(SchemaCheck.violations(schema, value)).isEmpty();
    }

    @Test
    void everyKindOfViolationIsReported() {
        Map<String, Object> value = Map.of("state", "maybe", "code", 300, "tags", List.of(1), "extra", true);

        assertThat(SchemaCheck.violations(schema, value)).containsExactlyInAnyOrder(
                "$: missing required property \"name\"",
                "$.state: \"maybe\" is not one of [on, off]",
                "$.code: 300 is above the maximum 255",
                "$.tags[0]: expected [string] but got 1",
                "$.extra: not allowed by the schema");
    }

    @Test
    void unknownKeywordsInASchemaAreReported() {
        Map<String, Object> odd = Map.of("type", "string", "pattern", "x+");
        assertThat(SchemaCheck.schemaProblems(odd)).containsExactly("$: keyword \"pattern\" is not checked by SchemaCheck");
    }
}
