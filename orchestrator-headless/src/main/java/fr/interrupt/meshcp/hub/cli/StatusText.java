package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.Cpu;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.FilesCapability;
import fr.interrupt.meshcp.proto.agent.v1.Memory;
import fr.interrupt.meshcp.proto.agent.v1.NetworkInterface;
import fr.interrupt.meshcp.proto.agent.v1.ShellCapability;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.DiskUse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.FileScopes;
import fr.interrupt.meshcp.shared.text.DiskUses;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A machine's {@link SystemStatus} as a block of "Label:  value" lines, one topic per line. */
final class StatusText {
    private static final int LABEL_WIDTH = 14;

    private StatusText() {
    }

    static List<String> lines(String machine, SystemStatus s) {
        List<String> lines = new ArrayList<>();
        add(lines, "Machine", machine + (s.getHostname().isEmpty() || s.getHostname().equals(machine) ? "" : " (hostname " + s.getHostname() + ")"));
        add(lines, "OS", s.getOs());
        add(lines, "Kernel", s.getKernel());
        add(lines, "Arch", s.getArch());
        add(lines, "Uptime", Durations.coarse(java.time.Duration.ofSeconds(s.getUptimeSeconds())));
        cpu(lines, s.getCpu());
        memory(lines, s.getMemory());
        List<String> disks = s.getDisksList().stream().map(StatusText::disk).toList();
        addAll(lines, "Disks", disks.isEmpty() ? List.of("-") : columns(disks));
        List<String> network = new ArrayList<>();
        for (NetworkInterface n : s.getNetworkList()) {
            network.add(n.getName() + "\t" + n.getAddressesList().stream().map(IpAddresses::display).collect(Collectors.joining(", ")));
        }
        addAll(lines, "Network", network.isEmpty() ? List.of("-") : columns(network));
        add(lines, "Agent", s.getAgentVersion());
        lines.add("Capabilities:");
        capabilities(lines, s.getCapabilities());
        return lines;
    }

    private static void cpu(List<String> lines, Cpu cpu) {
        String cores = cpu.getPhysicalCores() + " cores, " + cpu.getLogicalCores() + " threads";
        add(lines, "CPU", cpu.getModel().isBlank() ? cores : cpu.getModel().strip() + ", " + cores);
        if (cpu.getLoadAverageCount() > 0) {
            add(lines, "Load", cpu.getLoadAverageList().stream().map(v -> String.format(Locale.ROOT, "%.2f", v))
                    .collect(Collectors.joining(" ")) + " (1, 5, 15 min)");
        }
        add(lines, "CPU usage", String.format(Locale.ROOT, "%.1f%%", cpu.getUsagePercent()));
    }

    private static void memory(List<String> lines, Memory m) {
        long used = Math.max(0, m.getTotalBytes() - m.getAvailableBytes());
        add(lines, "Memory", ByteSizes.format(used) + " used of " + ByteSizes.format(m.getTotalBytes()) + " ("
                + ByteSizes.format(m.getAvailableBytes()) + " available)");
        add(lines, "Swap", m.getSwapTotalBytes() == 0 ? "none"
                : ByteSizes.format(m.getSwapUsedBytes()) + " used of " + ByteSizes.format(m.getSwapTotalBytes()));
    }

    private static String disk(Disk d) {
        return d.getMount() + "\t" + d.getType() + "\t" + DiskUses.format(DiskUse.of(d));
    }

    private static void capabilities(List<String> lines, Capabilities c) {
        ShellCapability shell = c.getShell();
        String shellText = !shell.getEnabled() ? "disabled" : "enabled: timeout up to " + shell.getMaxTimeoutSeconds() + " s, output up to "
                + ByteSizes.format(shell.getMaxOutputBytes()) + ", " + shell.getMaxConcurrent() + " at once; "
                + (shell.getAllowedCommandsCount() == 0 ? "any command (through the shell)"
                : "only " + String.join(", ", shell.getAllowedCommandsList()) + " (no shell; any arguments, and "
                + "allowed_paths does not bound what they open)");
        FilesCapability files = c.getFiles();
        String filesText = !files.getEnabled() ? "disabled" : "enabled: files up to " + ByteSizes.format(files.getMaxFileSizeBytes()) + "; "
                + FileScopes.of(files, ", ");
        lines.add("  shell       " + shellText);
        lines.add("  files       " + filesText);
        lines.add("  system      " + (c.getSystem().getEnabled() ? "enabled" : "disabled"));
        lines.add("  docker      " + (c.getDocker().getEnabled() ? "enabled" : "disabled"));
    }

    /** Tab-separated cells aligned into columns. */
    private static List<String> columns(List<String> rows) {
        List<String[]> cells = rows.stream().map(r -> r.split("\t", -1)).toList();
        int count = cells.stream().mapToInt(c -> c.length).max().orElse(0);
        int[] width = new int[count];
        for (String[] row : cells) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.add(line.toString().stripTrailing());
        }
        return out;
    }

    private static void add(List<String> lines, String label, String value) {
        lines.add(pad(label + ":") + (value == null || value.isBlank() ? "-" : value));
    }

    private static void addAll(List<String> lines, String label, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            lines.add(pad(i == 0 ? label + ":" : "") + values.get(i));
        }
    }

    private static String pad(String label) {
        return label + " ".repeat(Math.max(1, LABEL_WIDTH - label.length()));
    }
}
