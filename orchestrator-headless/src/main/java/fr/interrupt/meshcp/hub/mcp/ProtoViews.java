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
import fr.interrupt.meshcp.shared.DiskUse;
import fr.interrupt.meshcp.shared.text.FileModes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Agent messages as JSON objects with snake_case names, each next to the schema that describes it. */
public final class ProtoViews {
    private ProtoViews() {
    }

    /** What the agent's policy lets the hub do; its schema is {@link #schema()}. */
    record CapabilitiesView(ShellView shell, FilesView files, boolean systemEnabled, boolean dockerEnabled) {

        static CapabilitiesView of(Capabilities c) {
            return new CapabilitiesView(ShellView.of(c), FilesView.of(c), c.getSystem().getEnabled(), c.getDocker().getEnabled());
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("shell", shell.structured());
            out.put("files", files.structured());
            out.put("system", enabled(systemEnabled));
            out.put("docker", enabled(dockerEnabled));
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .description("What the agent's policy (agent.yaml) lets the hub do there, with its limits.")
                    .required("shell", ShellView.schema())
                    .required("files", FilesView.schema())
                    .required("system", object().required("enabled", bool("system_status is allowed.")).build())
                    .required("docker", object().required("enabled", bool("Docker access is allowed.")).build())
                    .build();
        }

        private static Map<String, Object> enabled(boolean enabled) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("enabled", enabled);
            return out;
        }
    }

    /** The shell capability and its limits. */
    record ShellView(boolean enabled, int maxTimeoutSeconds, long maxOutputBytes, int maxConcurrent, List<String> allowedCommands) {

        static ShellView of(Capabilities c) {
            return new ShellView(c.getShell().getEnabled(), c.getShell().getMaxTimeoutSeconds(), c.getShell().getMaxOutputBytes(),
                    c.getShell().getMaxConcurrent(), List.copyOf(c.getShell().getAllowedCommandsList()));
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("enabled", enabled);
            out.put("max_timeout_seconds", maxTimeoutSeconds);
            out.put("max_output_bytes", maxOutputBytes);
            out.put("max_concurrent", maxConcurrent);
            out.put("allowed_commands", allowedCommands);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("enabled", bool("exec is allowed."))
                    .required("max_timeout_seconds", integer("Commands are killed after this many seconds."))
                    .required("max_output_bytes", integer("Output beyond this is dropped by the agent (0: agent default)."))
                    .required("max_concurrent", integer("Commands that may run at once."))
                    .required("allowed_commands", array(string(null), "Only these executables run, without a shell; "
                            + "empty: any command through the platform shell."))
                    .build();
        }
    }

    /** The files capability and its limits. */
    record FilesView(boolean enabled, long maxFileSizeBytes, List<String> allowedPaths) {

        static FilesView of(Capabilities c) {
            return new FilesView(c.getFiles().getEnabled(), c.getFiles().getMaxFileSizeBytes(),
                    List.copyOf(c.getFiles().getAllowedPathsList()));
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("enabled", enabled);
            out.put("max_file_size_bytes", maxFileSizeBytes);
            out.put("allowed_paths", allowedPaths);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("enabled", bool("read_file, write_file and list_files are allowed."))
                    .required("max_file_size_bytes", integer("Most bytes one read or write moves: a larger file is read in ranges (offset, max_bytes)."))
                    .required("allowed_paths", array(string(null), "Only paths under these (real paths); empty: any path except the agent's own files."))
                    .build();
        }
    }

    /** The structured result of system_status; its schema is {@link #schema()}. */
    record SystemStatusView(String machine, String hostname, String os, String kernel, String arch, long uptimeSeconds,
                            String agentVersion, CpuView cpu, MemoryView memory, List<DiskView> disks,
                            List<NetworkView> network, CapabilitiesView capabilities) {

        /** The view of {@code s}; {@code machine} stands for the agent's name when it reports none. */
        static SystemStatusView of(SystemStatus s, String machine) {
            return new SystemStatusView(s.getMachineName().isEmpty() ? machine : s.getMachineName(), s.getHostname(), s.getOs(),
                    s.getKernel(), s.getArch(), s.getUptimeSeconds(), s.getAgentVersion(), CpuView.of(s), MemoryView.of(s),
                    s.getDisksList().stream().map(DiskView::of).toList(),
                    s.getNetworkList().stream().map(NetworkView::of).toList(),
                    CapabilitiesView.of(s.getCapabilities()));
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("hostname", hostname);
            out.put("os", os);
            out.put("kernel", kernel);
            out.put("arch", arch);
            out.put("uptime_seconds", uptimeSeconds);
            out.put("agent_version", agentVersion);
            out.put("cpu", cpu.structured());
            out.put("memory", memory.structured());
            out.put("disks", disks.stream().map(DiskView::structured).toList());
            out.put("network", network.stream().map(NetworkView::structured).toList());
            out.put("capabilities", capabilities.structured());
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machine", string("The machine's name in the registry."))
                    .required("hostname", string("The machine's own hostname."))
                    .required("os", string("Operating system and version."))
                    .required("kernel", string("Kernel version."))
                    .required("arch", string("CPU architecture, e.g. amd64 or aarch64."))
                    .required("uptime_seconds", integer("Seconds since boot."))
                    .required("agent_version", string("meshcp-agent version."))
                    .required("cpu", CpuView.schema())
                    .required("memory", MemoryView.schema())
                    .required("disks", array(DiskView.schema(), "Mounted file systems."))
                    .required("network", array(NetworkView.schema(), "Network interfaces and their addresses."))
                    .required("capabilities", JsonSchemas.bare(CapabilitiesView.schema(), "What the agent allows, fields as in "
                            + "list_machines' capabilities."))
                    .build();
        }
    }

    /** CPU facts of system_status. */
    record CpuView(String model, int physicalCores, int logicalCores, List<Double> loadAverage, double usagePercent) {

        static CpuView of(SystemStatus s) {
            return new CpuView(s.getCpu().getModel(), s.getCpu().getPhysicalCores(), s.getCpu().getLogicalCores(),
                    s.getCpu().getLoadAverageList().stream().map(l -> Math.round(l * 100.0) / 100.0).toList(),
                    round(s.getCpu().getUsagePercent()));
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model", model);
            out.put("physical_cores", physicalCores);
            out.put("logical_cores", logicalCores);
            out.put("load_average", loadAverage);
            out.put("usage_percent", usagePercent);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("model", string(null))
                    .required("physical_cores", integer(null))
                    .required("logical_cores", integer(null))
                    .required("load_average", array(number(null), "1, 5 and 15 minute load averages (empty where the OS has none)."))
                    .required("usage_percent", number("CPU use over the last sample, 0-100."))
                    .build();
        }
    }

    /** Memory facts of system_status. */
    record MemoryView(long totalBytes, long availableBytes, double usedPercent, long swapTotalBytes, long swapUsedBytes) {

        static MemoryView of(SystemStatus s) {
            long total = s.getMemory().getTotalBytes();
            long available = s.getMemory().getAvailableBytes();
            return new MemoryView(total, available, total == 0 ? 0.0 : round(100.0 * (total - available) / total),
                    s.getMemory().getSwapTotalBytes(), s.getMemory().getSwapUsedBytes());
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("total_bytes", totalBytes);
            out.put("available_bytes", availableBytes);
            out.put("used_percent", usedPercent);
            out.put("swap_total_bytes", swapTotalBytes);
            out.put("swap_used_bytes", swapUsedBytes);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("total_bytes", integer(null))
                    .required("available_bytes", integer(null))
                    .required("used_percent", number(null))
                    .required("swap_total_bytes", integer(null))
                    .required("swap_used_bytes", integer(null))
                    .build();
        }
    }

    /** One mounted file system of system_status. */
    record DiskView(String mount, String type, long totalBytes, long freeBytes, double usedPercent, long usedBytes,
                    long availableBytes) {

        static DiskView of(Disk d) {
            DiskUse use = DiskUse.of(d);
            return new DiskView(d.getMount(), d.getType(), use.sizeBytes(), use.availableBytes(), use.usedPercent(),
                    use.usedBytes(), use.availableBytes());
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("mount", mount);
            out.put("type", type);
            out.put("total_bytes", totalBytes);
            out.put("free_bytes", freeBytes);
            out.put("used_percent", usedPercent);
            out.put("used_bytes", usedBytes);
            out.put("available_bytes", availableBytes);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("mount", string(null))
                    .required("type", string(null))
                    .required("total_bytes", integer("Size, as df reports it."))
                    .required("free_bytes", integer("Available to unprivileged users (same as available_bytes)."))
                    .required("used_percent", number("df's Use%: used / (used + available), rounded up; blocks reserved for root "
                            + "count as neither."))
                    .required("used_bytes", integer("Used, as df reports it."))
                    .required("available_bytes", integer("Available to unprivileged users, as df reports it."))
                    .build();
        }
    }

    /** One network interface of system_status. */
    record NetworkView(String name, List<String> addresses) {

        static NetworkView of(NetworkInterface n) {
            return new NetworkView(n.getName(), List.copyOf(n.getAddressesList()));
        }

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("addresses", addresses);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("name", string(null))
                    .required("addresses", array(string(null), null))
                    .build();
        }
    }

    /** One directory entry of list_files; its schema is {@link #schema()}. */
    record FileInfoView(String name, String type, long size, String mode, String modified, String symlinkTarget) {

        static FileInfoView of(FileInfo f) {
            return new FileInfoView(f.getName(), fileType(f), f.getSize(), FileModes.octal(f.getMode()),
                    f.getModifiedMillis() == 0 ? null : Instant.ofEpochMilli(f.getModifiedMillis()).toString(),
                    f.getSymlinkTarget().isEmpty() ? null : f.getSymlinkTarget());
        }

        /** The entry; symlink_target only for a symlink. */
        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", name);
            out.put("type", type);
            out.put("size", size);
            out.put("mode", mode);
            out.put("modified", modified);
            if (symlinkTarget != null) {
                out.put("symlink_target", symlinkTarget);
            }
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("name", string("File name (no directory)."))
                    .required("type", oneOf("Kind of entry.", "file", "directory", "symlink", "other"))
                    .required("size", integer("Size in bytes."))
                    .required("mode", string("Permission bits in octal, e.g. \"0644\"."))
                    .required("modified", nullable(string("Last modification time, ISO-8601 UTC.")))
                    .optional("symlink_target", string("Where a symlink points."))
                    .build();
        }
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
