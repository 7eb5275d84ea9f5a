package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.number;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.NetworkInterface;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.text.FileModes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent messages as JSON objects with snake_case names, each next to the schema that describes it. */
public final class ProtoViews {
    private ProtoViews() {
    }

    public static Map<String, Object> capabilities(Capabilities c) {
        Map<String, Object> shell = new LinkedHashMap<>();
        shell.put("enabled", c.getShell().getEnabled());
        shell.put("max_timeout_seconds", c.getShell().getMaxTimeoutSeconds());
        shell.put("max_output_bytes", c.getShell().getMaxOutputBytes());
        shell.put("max_concurrent", c.getShell().getMaxConcurrent());
        shell.put("allowed_commands", List.copyOf(c.getShell().getAllowedCommandsList()));
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("enabled", c.getFiles().getEnabled());
        files.put("max_file_size_bytes", c.getFiles().getMaxFileSizeBytes());
        files.put("allowed_paths", List.copyOf(c.getFiles().getAllowedPathsList()));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("shell", shell);
        out.put("files", files);
        out.put("system", Map.of("enabled", c.getSystem().getEnabled()));
        out.put("docker", Map.of("enabled", c.getDocker().getEnabled()));
        return out;
    }

    public static Map<String, Object> capabilitiesSchema() {
        return object()
                .description("What the agent's policy (agent.yaml) lets the hub do there, with its limits.")
                .required("shell", object()
                        .required("enabled", bool("exec is allowed."))
                        .required("max_timeout_seconds", integer("Commands are killed after this many seconds."))
                        .required("max_output_bytes", integer("Output beyond this is dropped by the agent (0: agent default)."))
                        .required("max_concurrent", integer("Commands that may run at once."))
                        .required("allowed_commands", array(string(null), "Only these executables run, without a shell; "
                                + "empty: any command through the platform shell."))
                        .build())
                .required("files", object()
                        .required("enabled", bool("read_file, write_file and list_files are allowed."))
                        .required("max_file_size_bytes", integer("Largest file that can be read or written."))
                        .required("allowed_paths", array(string(null), "Only paths under these (real paths); empty: any absolute path."))
                        .build())
                .required("system", object().required("enabled", bool("system_status is allowed.")).build())
                .required("docker", object().required("enabled", bool("Docker access is allowed.")).build())
                .build();
    }

    public static Map<String, Object> systemStatus(SystemStatus s) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("model", s.getCpu().getModel());
        cpu.put("physical_cores", s.getCpu().getPhysicalCores());
        cpu.put("logical_cores", s.getCpu().getLogicalCores());
        cpu.put("load_average", s.getCpu().getLoadAverageList().stream().map(l -> Math.round(l * 100.0) / 100.0).toList());
        cpu.put("usage_percent", round(s.getCpu().getUsagePercent()));
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("total_bytes", s.getMemory().getTotalBytes());
        memory.put("available_bytes", s.getMemory().getAvailableBytes());
        memory.put("used_percent", s.getMemory().getTotalBytes() == 0 ? 0.0 : round(100.0
                * (s.getMemory().getTotalBytes() - s.getMemory().getAvailableBytes()) / s.getMemory().getTotalBytes()));
        memory.put("swap_total_bytes", s.getMemory().getSwapTotalBytes());
        memory.put("swap_used_bytes", s.getMemory().getSwapUsedBytes());
        List<Map<String, Object>> disks = new ArrayList<>();
        for (Disk d : s.getDisksList()) {
            Map<String, Object> disk = new LinkedHashMap<>();
            disk.put("mount", d.getMount());
            disk.put("type", d.getType());
            disk.put("total_bytes", d.getTotalBytes());
            disk.put("free_bytes", d.getFreeBytes());
            disk.put("used_percent", d.getTotalBytes() == 0 ? 0.0 : round(100.0 * (d.getTotalBytes() - d.getFreeBytes()) / d.getTotalBytes()));
            disks.add(disk);
        }
        List<Map<String, Object>> network = new ArrayList<>();
        for (NetworkInterface n : s.getNetworkList()) {
            network.add(Map.of("name", n.getName(), "addresses", List.copyOf(n.getAddressesList())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", s.getMachineName());
        out.put("hostname", s.getHostname());
        out.put("os", s.getOs());
        out.put("kernel", s.getKernel());
        out.put("arch", s.getArch());
        out.put("uptime_seconds", s.getUptimeSeconds());
        out.put("agent_version", s.getAgentVersion());
        out.put("cpu", cpu);
        out.put("memory", memory);
        out.put("disks", disks);
        out.put("network", network);
        out.put("capabilities", capabilities(s.getCapabilities()));
        return out;
    }

    public static Map<String, Object> systemStatusSchema() {
        return object()
                .required("machine", string("The machine's name in the registry."))
                .required("hostname", string("The machine's own hostname."))
                .required("os", string("Operating system and version."))
                .required("kernel", string("Kernel version."))
                .required("arch", string("CPU architecture, e.g. amd64 or aarch64."))
                .required("uptime_seconds", integer("Seconds since boot."))
                .required("agent_version", string("meshcp-agent version."))
                .required("cpu", object()
                        .required("model", string(null))
                        .required("physical_cores", integer(null))
                        .required("logical_cores", integer(null))
                        .required("load_average", array(number(null), "1, 5 and 15 minute load averages (empty where the OS has none)."))
                        .required("usage_percent", number("CPU use over the last sample, 0-100."))
                        .build())
                .required("memory", object()
                        .required("total_bytes", integer(null))
                        .required("available_bytes", integer(null))
                        .required("used_percent", number(null))
                        .required("swap_total_bytes", integer(null))
                        .required("swap_used_bytes", integer(null))
                        .build())
                .required("disks", array(object()
                        .required("mount", string(null))
                        .required("type", string(null))
                        .required("total_bytes", integer(null))
                        .required("free_bytes", integer(null))
                        .required("used_percent", number(null))
                        .build(), "Mounted file systems."))
                .required("network", array(object()
                        .required("name", string(null))
                        .required("addresses", array(string(null), null))
                        .build(), "Network interfaces and their addresses."))
                .required("capabilities", capabilitiesSchema())
                .build();
    }

    public static Map<String, Object> fileInfo(FileInfo f) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", f.getName());
        out.put("type", fileType(f));
        out.put("size", f.getSize());
        out.put("mode", FileModes.octal(f.getMode()));
        out.put("modified", f.getModifiedMillis() == 0 ? null : Instant.ofEpochMilli(f.getModifiedMillis()).toString());
        if (!f.getSymlinkTarget().isEmpty()) {
            out.put("symlink_target", f.getSymlinkTarget());
        }
        return out;
    }

    public static Map<String, Object> fileInfoSchema() {
        return object()
                .required("name", string("File name (no directory)."))
                .required("type", oneOf("Kind of entry.", "file", "directory", "symlink", "other"))
                .required("size", integer("Size in bytes."))
                .required("mode", string("Permission bits in octal, e.g. \"0644\"."))
                .required("modified", nullable(string("Last modification time, ISO-8601 UTC.")))
                .optional("symlink_target", string("Where a symlink points."))
                .build();
    }

    public static String fileType(FileInfo f) {
        switch (f.getType()) {
            case REGULAR:
                return "file";
            case DIRECTORY:
                return "directory";
            case SYMLINK:
                return "symlink";
            default:
                return "other";
        }
    }

    private static double round(double value) {
        return Math.round(value * 10.0) / 10.0;
    }
}
