package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultSizeTest {

    /** A result whose text is {@code budget} control characters: six bytes of JSON each, twice (text and structured). */
    private static McpSchema.CallToolResult controls(int budget) {
        String text = "\u0001".repeat(budget);
        return ToolResults.success(Map.of("stdout", text), text);
    }

    @Test
    void aResultOverTheLimitIsRenderedAgainSmallerUntilItFits() {
        List<Integer> budgets = new ArrayList<>();
        McpSchema.CallToolResult result = ResultSize.fit(budget -> {
            budgets.add(budget);
            return controls(budget);
        });

        assertThat(ResultSize.bytes(result)).isLessThanOrEqualTo(OutputCap.RESULT_BUDGET_BYTES).isGreaterThan(30_000);
        assertThat(budgets).hasSizeGreaterThan(1).isSortedAccordingTo((a, b) -> b - a);
    }

    @Test
    void aResultThatFitsIsRenderedOnce() {
        List<Integer> budgets = new ArrayList<>();
        ResultSize.fit(budget -> {
            budgets.add(budget);
            return ToolResults.success(Map.of("stdout", "ok"), "ok");
        });

        assertThat(budgets).containsExactly(ResultSize.FIRST_BUDGET);
    }
}
