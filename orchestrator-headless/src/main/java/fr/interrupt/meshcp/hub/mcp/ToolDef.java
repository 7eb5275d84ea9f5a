package fr.interrupt.meshcp.hub.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Set;

/**
 * One tool: what the model sees (name, description, input and output schemas, hints), how its
 * call is audited, and the handler that turns arguments into service calls and a result.
 */
public record ToolDef(McpSchema.Tool tool, Set<String> arguments, AuditMode audit, Handler handler) {

    /** Who writes the audit.log line for a call. */
    public enum AuditMode {
        /** The tool layer records "mcp:NAME" for every call. */
        TOOL,
        /**
         * The service layer audits the call once it reaches an agent (exec, write_file); the tool
         * layer records only calls refused before that (unknown machine, invalid arguments).
         */
        SERVICE
    }

    @FunctionalInterface
    public interface Handler {
        McpSchema.CallToolResult call(ToolContext context, Args args) throws Exception;
    }

    public String name() {
        return tool.name();
    }
}
