package fr.interrupt.meshcp.hub.mcp;

import io.modelcontextprotocol.spec.McpSchema;

/**
 * The tool list as sent, without what carries no information: annotation hints equal to the defaults the MCP
 * specification gives them (2025-06-18, ToolAnnotations: readOnlyHint false, destructiveHint true,
 * idempotentHint false, openWorldHint true) and an annotation title when the tool has its own title (which
 * clients show first). Every client reads the same hints as before.
 */
final class ToolListCompaction {
    private ToolListCompaction() {
    }

    static ToolDef compact(ToolDef def) {
        McpSchema.Tool tool = def.tool();
        McpSchema.ToolAnnotations hints = tool.annotations();
        if (hints == null) {
            return def;
        }
        McpSchema.ToolAnnotations lean = new McpSchema.ToolAnnotations(
                tool.title() != null ? null : hints.title(),
                Boolean.TRUE.equals(hints.readOnlyHint()) ? Boolean.TRUE : null,
                // destructive and idempotent only mean something for a tool that is not read-only
                Boolean.TRUE.equals(hints.readOnlyHint()) || !Boolean.FALSE.equals(hints.destructiveHint()) ? null : Boolean.FALSE,
                Boolean.TRUE.equals(hints.readOnlyHint()) || !Boolean.TRUE.equals(hints.idempotentHint()) ? null : Boolean.TRUE,
                Boolean.FALSE.equals(hints.openWorldHint()) ? Boolean.FALSE : null,
                hints.returnDirect());
        McpSchema.Tool compacted = new McpSchema.Tool(tool.name(), tool.title(), tool.description(), tool.inputSchema(),
                tool.outputSchema(), lean, tool.meta(), tool.icons());
        return new ToolDef(compacted, def.arguments(), def.audit(), def.handler());
    }
}
