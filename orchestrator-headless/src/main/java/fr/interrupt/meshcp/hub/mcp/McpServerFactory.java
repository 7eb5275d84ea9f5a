package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.UnknownMachineException;
import fr.interrupt.meshcp.shared.AgentVersion;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the MCP server: the tool set over a hub, each call turned into arguments, a service call
 * and a result, with failures as tool errors and every call in audit.log.
 */
public final class McpServerFactory {
    private static final Logger LOG = LoggerFactory.getLogger(McpServerFactory.class);
    /** Longest string argument copied into an audit.log line. */
    private static final int AUDIT_VALUE_MAX = 500;
    /** File contents stay out of audit.log (the machine has its own column). */
    private static final java.util.Set<String> NOT_AUDITED = java.util.Set.of("machine", "content", "old_text", "new_text");

    static final String INSTRUCTIONS = "meshcp reaches the user's own machines through their meshcp agents (mTLS). "
            + "Start with list_machines to learn the machine names, their status and what each agent allows "
            + "(capabilities and limits). exec runs a command and returns its exit code and output; a command still running "
            + "after wait_seconds keeps running as a job that the machine's agent keeps, even across restarts of this server "
            + "(job_wait, job_output, job_cancel, list_jobs). exec_many runs one "
            + "command on several machines. read_file, write_file, edit_file and list_files work on absolute paths. Errors are exact "
            + "sentences: an unknown machine lists the enrolled ones; a refusal quotes the agent's policy (allowed_paths, "
            + "allowed_commands, a disabled capability), which only the machine's owner can change in its agent.yaml. "
            + "The hub's own policy may make a machine read-only for you, or make a command wait for a person's approval "
            + "(state pending_approval: wait on its id with job_wait).";

    private McpServerFactory() {
    }

    /** Every tool, in the order a model should discover them. */
    public static List<ToolDef> tools() {
        List<ToolDef> all = new ArrayList<>();
        all.addAll(MachineTools.all());
        all.addAll(ExecTools.all());
        all.addAll(JobTools.all());
        all.addAll(FileTools.all());
        return all.stream().map(ToolListCompaction::compact).toList();
    }

    /** A started server on {@code transport}; it answers initialize at once, whether the hub is open yet or not. */
    public static McpSyncServer create(McpServerTransportProvider transport, McpJsonMapper json, HubHandle hub,
                                       Function<Map<String, Object>, CancelSignal> cancellations) {
        LazySchemaValidator validator = new LazySchemaValidator();
        hub.future().whenComplete((opened, failure) -> validator.warmUp());
        List<McpServerFeatures.SyncToolSpecification> specs = new ArrayList<>();
        for (ToolDef def : tools()) {
            specs.add(McpServerFeatures.SyncToolSpecification.builder()
                    .tool(def.tool())
                    .callHandler((exchange, request) -> invoke(def, new ToolContext(hub, new Progress(exchange, request.meta()),
                            cancellations.apply(request.meta())), request.arguments()))
                    .build());
        }
        return McpServer.sync(transport)
                .serverInfo("meshcp", AgentVersion.current())
                .instructions(INSTRUCTIONS)
                .jsonMapper(json)
                .jsonSchemaValidator(validator)
                // arguments are checked by Args, whose messages name the argument and what it expects
                .validateToolInputs(false)
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(specs)
                .build();
    }

    /** Runs one call: arguments checked, handler run, failures turned into tool errors, the call audited. */
    static McpSchema.CallToolResult invoke(ToolDef def, ToolContext context, Map<String, Object> arguments) {
        HubHandle hub = context.hubHandle();
        Args args = new Args(def.name(), arguments);
        try {
            args.onlyKnown(def.arguments());
            PolicyGate.Outcome gate = PolicyGate.check(def.name(), context, args);
            McpSchema.CallToolResult result = gate.answer() != null ? gate.answer() : def.handler().call(context, gate.args());
            if (def.audit() == ToolDef.AuditMode.TOOL) {
                audit(hub, def, args, null);
            }
            return result;
        } catch (MeshcpException e) {
            if (def.audit() == ToolDef.AuditMode.TOOL || e instanceof UnknownMachineException || e instanceof InvalidArgumentException
                    || e instanceof PolicyRefusedException) {
                audit(hub, def, args, e.getMessage());
            }
            return ToolResults.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ToolResults.error(def.name() + " was interrupted (the MCP server is shutting down)");
        } catch (Exception e) {
            LOG.error("{} failed unexpectedly", def.name(), e);
            return ToolResults.error(def.name() + " failed unexpectedly; the MCP server's log (stderr) has the details, "
                    + "please report it");
        }
    }

    private static void audit(HubHandle handle, ToolDef def, Args args, String error) {
        Hub hub;
        try {
            hub = handle.get();
        } catch (MeshcpException e) {
            return; // no data dir, no audit log: the call failed with that very sentence
        }
        Map<String, Object> details = new LinkedHashMap<>();
        for (String name : def.arguments()) {
            Object value = args.raw(name);
            if (value == null || NOT_AUDITED.contains(name)) {
                continue;
            }
            if (name.equals("env") && value instanceof Map<?, ?> env) {
                details.put("env_names", List.copyOf(env.keySet().stream().map(String::valueOf).toList()));
                continue; // values may be secrets
            }
            String text = String.valueOf(value);
            details.put(name, value instanceof String && text.length() > AUDIT_VALUE_MAX
                    ? text.substring(0, AUDIT_VALUE_MAX) + "..." : value);
        }
        if (error != null) {
            details.put("error", error);
        }
        Object machine = args.raw("machine");
        try {
            hub.recordToolCall(def.name(), machine instanceof String s ? s : null, details);
        } catch (RuntimeException e) {
            // the call itself happened: its result still goes back, the lost line is logged loudly
            LOG.error("cannot audit {}: {}", def.name(), e.toString());
        }
    }
}
