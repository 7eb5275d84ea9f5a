package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.number;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineService;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.hub.service.PingResult;
import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.DiskUse;
import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.shared.labels.Labels;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.FileScopes;
import fr.interrupt.meshcp.shared.text.DiskUses;
import fr.interrupt.meshcp.shared.text.Durations;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** list_machines, ping, system_status: what the fleet is and how each machine is doing. */
final class MachineTools {
    private MachineTools() {
    }

    static List<ToolDef> all() {
        return List.of(listMachines(), ping(), systemStatus());
    }

    // ---------------------------------------------------------------- list_machines

    static ToolDef listMachines() {
        JsonSchemas.ObjectBuilder input = object().optional(SelectorArg.NAME, SelectorArg.schema("only the machines that match"));
        McpSchema.Tool tool = McpSchema.Tool.builder("list_machines", input.build())
                .title("List machines")
                .description("List every machine enrolled in this meshcp hub with its live status. Each machine is pinged "
                        + "now (all in parallel, a few seconds at most): online machines show OS/arch, agent version, round-trip "
                        + "time and their capabilities with limits (shell: enabled, max_timeout_seconds, allowed_commands; files: "
                        + "max_file_size_bytes, allowed_paths); offline ones show last_seen and the reason (problem). Call it first "
                        + "to learn the machine names the other tools take. Each has its labels; selector filters by them.")
                .outputSchema(MachinesResult.schema())
                .annotations(readOnly("List machines"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, MachineTools::listMachinesCall);
    }

    /** The structured result of list_machines; its schema is {@link #schema()}. */
    record MachinesResult(List<MachineEntry> machines, int online, int offline, String dataDir, String note) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machines", machines.stream().map(MachineEntry::structured).toList());
            out.put("online", online);
            out.put("offline", offline);
            out.put("data_dir", dataDir);
            out.put("note", note);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machines", array(MachineEntry.schema(), "Every enrolled machine, online or not, by name."))
                    .required("online", integer("How many answered."))
                    .required("offline", integer("How many did not."))
                    .required("data_dir", string("The hub data dir this server uses."))
                    .required("note", nullable(string("What to do when no machine is enrolled or none is online.")))
                    .build();
        }
    }

    /** One machine of list_machines. */
    record MachineEntry(String name, String status, String address, String hostname, String os, String arch,
                        String agentVersion, String enrolledAt, String lastSeen, Double roundTripMs, String problem,
                        ProtoViews.CapabilitiesView capabilities, Map<String, String> labels) {

        static MachineEntry of(MachineSnapshot s, String missing) {
            Machine m = s.machine();
            SystemStatus status = s.system();
            return new MachineEntry(m.name(), s.online() ? "online" : "offline", m.address(),
                    nonNull(status != null ? status.getHostname() : m.hostname()),
                    nonNull(status != null ? status.getOs() : m.os()),
                    nonNull(status != null ? status.getArch() : m.arch()),
                    nonNull(s.agentVersion() != null ? s.agentVersion() : m.agentVersion()),
                    m.enrolledAt() == null ? null : m.enrolledAt().toString(),
                    m.lastSeen() == null ? null : m.lastSeen().toString(),
                    s.roundTrip() == null ? null : s.roundTrip().toNanos() / 10_000 / 100.0,
                    s.online() ? missing : s.problem(),
                    status == null || !status.hasCapabilities() ? null : ProtoViews.CapabilitiesView.of(status.getCapabilities()),
                    m.labels());
        }

        Map<String, Object> structured() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("status", status);
            row.put("address", address);
            row.put("hostname", hostname);
            row.put("os", os);
            row.put("arch", arch);
            row.put("agent_version", agentVersion);
            row.put("enrolled_at", enrolledAt);
            row.put("last_seen", lastSeen);
            row.put("round_trip_ms", roundTripMs);
            row.put("problem", problem);
            row.put("capabilities", capabilities == null ? null : capabilities.structured());
            row.put("labels", labels);
            return row;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("name", string("Machine name; pass it as \"machine\" to the other tools."))
                    .required("status", oneOf("online: its agent answered a ping just now; offline: see problem.", "online", "offline"))
                    .required("address", string("host:port of its agent."))
                    .required("hostname", string("Its own hostname, as reported at enrollment."))
                    .required("os", string("Operating system."))
                    .required("arch", string("CPU architecture."))
                    .required("agent_version", string("meshcp-agent version (last known)."))
                    .required("enrolled_at", nullable(string("ISO-8601 UTC.")))
                    .required("last_seen", nullable(string("Last successful call from any hub process, ISO-8601 UTC; null: never.")))
                    .required("round_trip_ms", nullable(number("Ping round-trip time in milliseconds (online only).")))
                    .required("problem", nullable(string("Why it is offline and what to check; for an online machine, why its "
                            + "capabilities are missing (then call system_status).")))
                    .required("capabilities", nullable(JsonSchemas.bare(ProtoViews.CapabilitiesView.schema(),
                            "What its agent allows, with limits: the shape system_status describes.")))
                    .required("labels", JsonSchemas.stringMap("Its labels: its agent's, with those set on the hub on top."))
                    .build();
        }
    }

    private static McpSchema.CallToolResult listMachinesCall(ToolContext context, Args args) {
        Hub hub = context.hub();
        LabelSelector selector = SelectorArg.parse(args);
        List<MachineSnapshot> machines = selector == null ? hub.machines().snapshot() : hub.machines().snapshot(selector);
        List<MachineEntry> rows = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int online = 0;
        for (MachineSnapshot s : machines) {
            online += s.online() ? 1 : 0;
            String missing = s.systemProblem() == null ? null
                    : "capabilities unknown: " + s.systemProblem() + " (call system_status)";
            rows.add(MachineEntry.of(s, missing));
            text.append(line(s)).append('\n');
        }
        String note = machines.isEmpty() && selector != null
                ? "No machine matches " + selector + "; list_machines without selector shows every machine's labels."
                : machines.isEmpty()
                ? "No machine is enrolled in " + hub.dataDir() + ". Enroll one: run 'orchestrator-headless --data-dir "
                  + hub.dataDir() + " token create NAME' on the hub, then the printed 'meshcp-agent enroll ...' command "
                  + "on the machine, then 'meshcp-agent start' there."
                : online == 0 ? "No machine answered: check that meshcp-agent runs on them and that their port is reachable "
                  + "from this hub (see each problem)." : null;
        MachinesResult result = new MachinesResult(rows, online, machines.size() - online, hub.dataDir().toString(), note);
        String summary = machines.isEmpty() ? note : machines.size() + " machine(s), " + online + " online:\n" + text;
        return ToolResults.success(result.structured(), summary.strip());
    }

    private static String line(MachineSnapshot s) {
        Machine m = s.machine();
        SystemStatus status = s.system();
        StringBuilder line = new StringBuilder("- ").append(m.name()).append(" (").append(m.address()).append("): ");
        if (!s.online()) {
            return line.append("offline, last seen ").append(m.lastSeen() == null ? "never" : m.lastSeen().toString())
                    .append(m.labels().isEmpty() ? "" : ", labels " + Labels.format(m.labels()))
                    .append(": ").append(s.problem()).toString();
        }
        line.append("online, ").append(status != null ? status.getOs() : m.os()).append('/').append(m.arch())
                .append(", agent ").append(s.agentVersion())
                .append(", ").append(Durations.human(s.roundTrip()));
        if (status != null && status.hasCapabilities()) {
            line.append(", ").append(capabilitiesText(status.getCapabilities()));
        }
        if (!m.labels().isEmpty()) {
            line.append(", labels ").append(Labels.format(m.labels()));
        }
        return line.toString();
    }

    static String capabilitiesText(Capabilities c) {
        List<String> parts = new ArrayList<>();
        if (c.getShell().getEnabled()) {
            parts.add("shell (timeout " + c.getShell().getMaxTimeoutSeconds() + " s"
                    + (c.getShell().getAllowedCommandsCount() > 0 ? ", only " + String.join(" ", c.getShell().getAllowedCommandsList()) : "")
                    + ")");
        }
        if (c.getFiles().getEnabled()) {
            parts.add("files (max " + ByteSizes.format(c.getFiles().getMaxFileSizeBytes())
                    + ", " + FileScopes.of(c.getFiles(), " ")
                    + ")");
        }
        if (c.getSystem().getEnabled()) {
            parts.add("system");
        }
        if (c.getDocker().getEnabled()) {
            parts.add("docker");
        }
        return parts.isEmpty() ? "no capability enabled" : String.join(", ", parts);
    }

    // ---------------------------------------------------------------- ping

    static ToolDef ping() {
        JsonSchemas.ObjectBuilder input = object().required("machine", Common.machine());
        McpSchema.Tool tool = McpSchema.Tool.builder("ping", input.build())
                .title("Ping a machine")
                .description("Check that one machine's agent answers over mTLS (" + MachineService.PING_DEADLINE.toSeconds() + " s deadline) and return the round-trip time, "
                        + "agent version and agent uptime. When it does not answer, the error says why (connection refused: "
                        + "agent not running; timed out: port not reachable; certificate problems: re-enroll). "
                        + "Example: {\"machine\": \"web1\"}.")
                .outputSchema(PingView.schema())
                .annotations(readOnly("Ping a machine"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, MachineTools::pingCall);
    }

    /** The structured result of ping; its schema is {@link #schema()}. */
    record PingView(String machine, boolean online, String address, double roundTripMs, String agentVersion,
                    long agentUptimeSeconds) {

        static PingView of(PingResult ping) {
            return new PingView(ping.machine().name(), true, ping.machine().address(),
                    ping.roundTrip().toNanos() / 10_000 / 100.0, ping.agentVersion(), ping.agentUptimeSeconds());
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("online", online);
            out.put("address", address);
            out.put("round_trip_ms", roundTripMs);
            out.put("agent_version", agentVersion);
            out.put("agent_uptime_seconds", agentUptimeSeconds);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machine", string(null))
                    .required("online", JsonSchemas.bool("Always true: an unreachable machine is a tool error that says why."))
                    .required("address", string("host:port of its agent."))
                    .required("round_trip_ms", number("Round-trip time of the mTLS ping in milliseconds."))
                    .required("agent_version", string(null))
                    .required("agent_uptime_seconds", integer("How long the agent process has been running."))
                    .build();
        }
    }

    private static McpSchema.CallToolResult pingCall(ToolContext context, Args args) {
        PingResult ping = context.hub().machines().ping(args.string("machine"));
        PingView view = PingView.of(ping);
        return ToolResults.success(view.structured(), ping.machine().name() + " (" + ping.machine().address() + "): online, "
                + Durations.human(ping.roundTrip()) + ", agent " + ping.agentVersion() + ", up " + Durations.coarse(Duration.ofSeconds(ping.agentUptimeSeconds())));
    }

    // ---------------------------------------------------------------- system_status

    static ToolDef systemStatus() {
        JsonSchemas.ObjectBuilder input = object().required("machine", Common.machine());
        McpSchema.Tool tool = McpSchema.Tool.builder("system_status", input.build())
                .title("System status of a machine")
                .description("Live system facts of one machine: hostname, OS, kernel, arch, uptime, CPU (model, cores, load "
                        + "average, usage %), memory and swap, disks (mount, type, total/free, used %), network interfaces "
                        + "with addresses, agent version, and the capabilities its agent allows with their limits. Needs the "
                        + "agent's system capability. Example: {\"machine\": \"web1\"}.")
                .outputSchema(ProtoViews.SystemStatusView.schema())
                .annotations(readOnly("System status"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, MachineTools::systemStatusCall);
    }

    private static McpSchema.CallToolResult systemStatusCall(ToolContext context, Args args) {
        String name = args.string("machine");
        SystemStatus s = context.hub().status().status(name);
        ProtoViews.SystemStatusView view = ProtoViews.SystemStatusView.of(s, name);
        StringBuilder text = new StringBuilder();
        text.append(name).append(": ").append(s.getHostname()).append(", ").append(s.getOs()).append(" (kernel ")
                .append(s.getKernel()).append(", ").append(s.getArch()).append("), up ")
                .append(Durations.coarse(Duration.ofSeconds(s.getUptimeSeconds()))).append('\n');
        text.append("cpu: ").append(s.getCpu().getModel()).append(", ").append(s.getCpu().getLogicalCores()).append(" threads, load ")
                .append(view.cpu().loadAverage())
                .append(String.format(Locale.ROOT, ", %.1f%% used%n", s.getCpu().getUsagePercent()));
        text.append("memory: ").append(ByteSizes.format(s.getMemory().getAvailableBytes())).append(" available of ")
                .append(ByteSizes.format(s.getMemory().getTotalBytes())).append('\n');
        for (var d : s.getDisksList()) {
            text.append("disk ").append(d.getMount()).append(": ").append(DiskUses.format(DiskUse.of(d))).append('\n');
        }
        text.append("agent ").append(s.getAgentVersion()).append(", ").append(capabilitiesText(s.getCapabilities()));
        return ToolResults.success(view.structured(), text.toString());
    }

    static McpSchema.ToolAnnotations readOnly(String title) {
        return new McpSchema.ToolAnnotations(title, true, false, true, false, null);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    static MeshcpException noMachines() {
        return new MeshcpException(MeshcpException.Kind.NOT_FOUND,
                "no machine is enrolled yet: create a token with 'orchestrator-headless token create NAME'");
    }
}
