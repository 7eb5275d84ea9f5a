package fr.interrupt.meshcp.hub.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * Tool results as Claude Code reads them: the structured content (which Claude Code hands the
 * model as JSON, so it carries everything, output included) plus a short text rendering for
 * clients that show text; errors as {@code isError} results with one actionable sentence.
 */
public final class ToolResults {
    private ToolResults() {
    }

    public static McpSchema.CallToolResult success(Map<String, Object> structured, String text) {
        return McpSchema.CallToolResult.builder()
                .structuredContent(structured)
                .addTextContent(text)
                .isError(false)
                .build();
    }

    public static McpSchema.CallToolResult error(String message) {
        return McpSchema.CallToolResult.builder()
                .addTextContent("error: " + message)
                .isError(true)
                .build();
    }
}
