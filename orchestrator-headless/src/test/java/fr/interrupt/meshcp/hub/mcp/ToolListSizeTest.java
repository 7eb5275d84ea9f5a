package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What tools/list costs: the serialized result a client receives, and the part a model is given (name,
 * description and input schema of each tool: what Claude Code puts in the context of every conversation).
 * Tokens are estimated as bytes / 4, about right for English prose and JSON. Measured on 29 November 2026:
 * 39,814 bytes (about 9,950 tokens) and 15,437 model-visible bytes (about 3,860 tokens) before the cut;
 * 34,156 and about 14,300 after. The bounds leave room for the arguments other work adds (selectors, approvals)
 * but stop the list from regrowing silently.
 */
class ToolListSizeTest {
    static final int MAX_TOOL_LIST_BYTES = 36_000;
    static final int MAX_MODEL_VISIBLE_BYTES = 15_500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<McpSchema.Tool> TOOLS = McpServerFactory.tools().stream().map(ToolDef::tool).toList();

    @Test
    void theToolListStaysSmall() throws Exception {
        int bytes = JSON.writeValueAsBytes(Map.of("tools", TOOLS)).length;
        System.out.println(report(bytes));
        assertThat(bytes).as(report(bytes)).isLessThanOrEqualTo(MAX_TOOL_LIST_BYTES);
    }

    @Test
    void whatTheModelReadsStaysSmall() throws Exception {
        int bytes = 0;
        for (McpSchema.Tool tool : TOOLS) {
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("name", tool.name());
            seen.put("description", tool.description());
            seen.put("input_schema", tool.inputSchema());
            bytes += JSON.writeValueAsBytes(seen).length;
        }
        System.out.println("model-visible: " + bytes + " bytes, about " + bytes / 4 + " tokens");
        assertThat(bytes).isLessThanOrEqualTo(MAX_MODEL_VISIBLE_BYTES);
    }

    @Test
    void hintsEqualToTheSpecificationsDefaultsAreNotSent() {
        McpSchema.Tool exec = TOOLS.stream().filter(t -> t.name().equals("exec")).findFirst().orElseThrow();
        McpSchema.Tool list = TOOLS.stream().filter(t -> t.name().equals("list_machines")).findFirst().orElseThrow();

        assertThat(exec.annotations().destructiveHint()).as("true is the default").isNull();
        assertThat(exec.annotations().openWorldHint()).as("true is the default").isNull();
        assertThat(exec.annotations().readOnlyHint()).as("false is the default").isNull();
        assertThat(exec.annotations().title()).as("the tool's own title is shown").isNull();
        assertThat(list.annotations().readOnlyHint()).isTrue();
        assertThat(list.annotations().openWorldHint()).isFalse();
        assertThat(list.annotations().destructiveHint()).as("meaningless for a read-only tool").isNull();
    }

    private static String report(int bytes) throws Exception {
        StringBuilder report = new StringBuilder("tools/list: " + bytes + " bytes, about " + bytes / 4 + " tokens\n");
        for (McpSchema.Tool tool : TOOLS) {
            report.append(String.format("  %-14s description %5d  input %5d  output %5d%n", tool.name(),
                    tool.description().length(), JSON.writeValueAsBytes(tool.inputSchema()).length,
                    tool.outputSchema() == null ? 0 : JSON.writeValueAsBytes(tool.outputSchema()).length));
        }
        return report.toString();
    }
}
