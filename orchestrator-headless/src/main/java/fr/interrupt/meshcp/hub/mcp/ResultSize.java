package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Keeps a tool result within {@link OutputCap#RESULT_BUDGET_BYTES} as it is sent: the result's {@code content}
 * and {@code structuredContent} serialized as JSON (UTF-8), which is what the client receives and what Claude
 * Code hands the model. Bytes and characters differ (a NUL is six characters of JSON, non-ASCII text two to
 * four bytes, the text rendering repeats the output), so the size is measured, not estimated: a result that
 * weighs too much is rendered again with a smaller budget of raw bytes.
 */
final class ResultSize {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The first budget of raw bytes: the output is in the structured content and in the text. */
    static final int FIRST_BUDGET = OutputCap.RESULT_BUDGET_BYTES / 2 - 2_000;
    private static final int MIN_BUDGET = 256;
    private static final int ATTEMPTS = 6;

    private ResultSize() {
    }

    /** The serialized size in bytes of what a client receives of {@code result} (content and structured content). */
    static int bytes(McpSchema.CallToolResult result) {
        Map<String, Object> sent = new LinkedHashMap<>();
        sent.put("content", result.content());
        sent.put("structuredContent", result.structuredContent());
        try {
            return JSON.writeValueAsBytes(sent).length;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders with {@link #FIRST_BUDGET} bytes of output, then with less until the result fits
     * {@link OutputCap#RESULT_BUDGET_BYTES}; {@code render} takes the budget in raw bytes of output or file content.
     * After {@value #ATTEMPTS} attempts, or at {@value #MIN_BUDGET} bytes, the smallest rendering is returned.
     */
    static McpSchema.CallToolResult fit(IntFunction<McpSchema.CallToolResult> render) {
        return fit(render, FIRST_BUDGET);
    }

    /** Like {@link #fit(IntFunction)} from a given first budget. */
    static McpSchema.CallToolResult fit(IntFunction<McpSchema.CallToolResult> render, int firstBudget) {
        int budget = firstBudget;
        McpSchema.CallToolResult result = render.apply(budget);
        for (int attempt = 1; attempt < ATTEMPTS && budget > MIN_BUDGET; attempt++) {
            int size = bytes(result);
            if (size <= OutputCap.RESULT_BUDGET_BYTES) {
                return result;
            }
            long scaled = (long) budget * (OutputCap.RESULT_BUDGET_BYTES - 1_000) / size;
            budget = (int) Math.max(MIN_BUDGET, Math.min(budget - 1, scaled));
            result = render.apply(budget);
        }
        return result;
    }
}
