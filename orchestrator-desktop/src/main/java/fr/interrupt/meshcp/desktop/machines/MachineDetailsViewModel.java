package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.NetworkInterface;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.DiskUse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.FileScopes;
import fr.interrupt.meshcp.shared.text.DiskUses;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.IpAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** One machine's system status (CPU, memory, disks, network, capabilities and their limits), and its removal. */
public final class MachineDetailsViewModel {
    private final Hub hub;
    private final Dispatch dispatch;

    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<SystemStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper removed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper certificate = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<Reachability> reachability = new ReadOnlyObjectWrapper<>(Reachability.CHECKING);
    private final ReadOnlyStringWrapper emptyReason = new ReadOnlyStringWrapper("");
    private final ObservableList<Fact> system = FXCollections.observableArrayList();
    private final ObservableList<UsageBar> usage = FXCollections.observableArrayList();
    private final ObservableList<Fact> network = FXCollections.observableArrayList();
    private final ObservableList<Fact> capabilities = FXCollections.observableArrayList();
    private long generation;

    public MachineDetailsViewModel(Hub hub, Dispatch dispatch) {
        this.hub = hub;
        this.dispatch = dispatch;
    }

    // Properties

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** "192.168.1.20:7444 · enrolled 2024-05-01 10:00". */
    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SystemStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Turns true once the machine has been removed: the view goes back to the list. */
    public ReadOnlyBooleanProperty removedProperty() {
        return removed.getReadOnlyProperty();
    }

    /** "Expires 2026-12-29 10:00 (in 29d) · renewal due in 19d · CA expires 2046-11-24 10:00": the Certificate card. */
    public ReadOnlyStringProperty certificateProperty() {
        return certificate.getReadOnlyProperty();
    }

    /** Whether the agent answered the last load: the header's status. CHECKING until the first answer. */
    public ReadOnlyObjectProperty<Reachability> reachabilityProperty() {
        return reachability.getReadOnlyProperty();
    }

    /** Why a card is empty ("Not known while web-1 is offline."), or "" while loading. */
    public ReadOnlyStringProperty emptyReasonProperty() {
        return emptyReason.getReadOnlyProperty();
    }

    /** Host name, OS, kernel, architecture, uptime, CPU, agent version. */
    public ObservableList<Fact> system() {
        return system;
    }

    /** CPU, memory, swap and each disk as used-of-total bars. */
    public ObservableList<UsageBar> usage() {
        return usage;
    }

    public ObservableList<Fact> network() {
        return network;
    }

    /** What the agent allows (shell, files, system, docker) and its limits. */
    public ObservableList<Fact> capabilities() {
        return capabilities;
    }

    // Commands

    public void show(String machineName) {
        name.set(machineName);
        removed.set(false);
        status.set(null);
        reachability.set(Reachability.CHECKING);
        emptyReason.set("");
        system.clear();
        usage.clear();
        network.clear();
        capabilities.clear();
        reload();
    }

    public void reload() {
        String machineName = name.get();
        if (machineName.isEmpty()) {
            return;
        }
        long mine = ++generation;
        loading.set(true);
        loadCertificate(machineName, mine);
        problem.set(null);
        Tasks.supply(() -> {
            Machine machine = hub.machines().require(machineName);
            return new Loaded(machine, tryStatus(machineName));
        }).onSuccess(loaded -> {
            if (mine == generation) {
                apply(loaded);
            }
        }).onErrorMessage(message -> {
            if (mine == generation) {
                problem.set(message);
            }
        }).andFinally(() -> {
            if (mine == generation) {
                loading.set(false);
            }
        }).start(dispatch);
    }

    private void loadCertificate(String machineName, long mine) {
        certificate.set("");
        Tasks.supply(() -> CertificateText.of(hub.certificates().currentCertificate(machineName).orElse(null),
                hub.certificates().caNotAfter(), hub.clock().instant()))
                .onSuccess(text -> {
                    if (mine == generation) {
                        certificate.set(text);
                    }
                })
                .onErrorMessage(message -> {
                    if (mine == generation) {
                        certificate.set("Certificate unknown: " + message);
                    }
                })
                .start(dispatch);
    }

    /** Removes the machine and revokes its certificate (the view asks for confirmation first). */
    public void remove() {
        String machineName = name.get();
        loading.set(true);
        Tasks.run(() -> hub.machines().remove(machineName))
                .onSuccess(v -> removed.set(true))
                .onErrorMessage(problem::set)
                .andFinally(() -> loading.set(false))
                .start(dispatch);
    }

    private StatusOrProblem tryStatus(String machineName) {
        try {
            return new StatusOrProblem(hub.status().status(machineName), null);
        } catch (fr.interrupt.meshcp.hub.MeshcpException e) {
            return new StatusOrProblem(null, fr.interrupt.meshcp.desktop.ui.UserMessages.describe(e));
        }
    }

    private void apply(Loaded loaded) {
        Machine m = loaded.machine;
        subtitle.set(IpAddresses.display(m.address()) + " · enrolled " + Formats.dateTime(m.enrolledAt())
                + (m.hostname() == null || m.hostname().isEmpty() ? "" : " · host " + m.hostname()));
        SystemStatus s = loaded.status.status;
        problem.set(loaded.status.problem);
        status.set(s);
        reachability.set(s == null ? Reachability.OFFLINE : Reachability.ONLINE);
        emptyReason.set(s == null ? "Not known while " + m.name() + " is offline: its agent did not answer." : "");
        if (s == null) {
            system.setAll(List.of(new Fact("Operating system", m.os()), new Fact("Architecture", m.arch()),
                    new Fact("Agent version", m.agentVersion()), new Fact("Last seen", Formats.dateTime(m.lastSeen()))));
            usage.clear();
            network.clear();
            capabilities.clear();
            return;
        }
        system.setAll(systemFacts(s));
        usage.setAll(usageBars(s));
        network.setAll(s.getNetworkList().stream()
                .map((NetworkInterface n) -> new Fact(n.getName(), n.getAddressesList().stream().map(IpAddresses::display).collect(Collectors.joining(", ")))).toList());
        capabilities.setAll(capabilityFacts(s.getCapabilities()));
    }

    static List<Fact> systemFacts(SystemStatus s) {
        List<Fact> facts = new ArrayList<>();
        facts.add(new Fact("Host name", s.getHostname()));
        facts.add(new Fact("Operating system", s.getOs()));
        facts.add(new Fact("Kernel", s.getKernel()));
        facts.add(new Fact("Architecture", s.getArch()));
        facts.add(new Fact("Uptime", Durations.coarse(Duration.ofSeconds(s.getUptimeSeconds()))));
        if (s.hasCpu()) {
            facts.add(new Fact("CPU", s.getCpu().getModel() + " (" + s.getCpu().getPhysicalCores() + " cores, "
                    + s.getCpu().getLogicalCores() + " threads)"));
            if (s.getCpu().getLoadAverageCount() > 0) {
                facts.add(new Fact("Load average", s.getCpu().getLoadAverageList().stream()
                        .map(v -> String.format(Locale.ROOT, "%.2f", v)).collect(Collectors.joining("  "))));
            }
        }
        facts.add(new Fact("Agent version", s.getAgentVersion()));
        return facts;
    }

    static List<UsageBar> usageBars(SystemStatus s) {
        List<UsageBar> bars = new ArrayList<>();
        if (s.hasCpu()) {
            double cpu = s.getCpu().getUsagePercent();
            bars.add(new UsageBar("CPU", clamp(cpu / 100), Formats.percent(cpu)));
        }
        long total = s.getMemory().getTotalBytes();
        if (total > 0) {
            long used = total - s.getMemory().getAvailableBytes();
            bars.add(new UsageBar("Memory", clamp((double) used / total), ByteSizes.format(used) + " of " + ByteSizes.format(total)));
        }
        long swap = s.getMemory().getSwapTotalBytes();
        if (swap > 0) {
            long used = s.getMemory().getSwapUsedBytes();
            bars.add(new UsageBar("Swap", clamp((double) used / swap), ByteSizes.format(used) + " of " + ByteSizes.format(swap)));
        }
        for (Disk d : s.getDisksList()) {
            if (d.getTotalBytes() == 0) {
                continue;
            }
            DiskUse use = DiskUse.of(d);
            bars.add(new UsageBar("Disk " + d.getMount(), use.usedFraction(),
                    DiskUses.format(use) + (d.getType().isEmpty() ? "" : " · " + d.getType())));
        }
        return bars;
    }

    static List<Fact> capabilityFacts(Capabilities c) {
        List<Fact> facts = new ArrayList<>();
        var shell = c.getShell();
        facts.add(new Fact("Shell", !shell.getEnabled() ? "off"
                : "on · timeout up to " + Durations.coarse(Duration.ofSeconds(shell.getMaxTimeoutSeconds()))
                + " · output up to " + ByteSizes.format(shell.getMaxOutputBytes())
                + " · " + shell.getMaxConcurrent() + " at once"
                + (shell.getAllowedCommandsCount() == 0 ? " · any command" : " · only " + String.join(", ", shell.getAllowedCommandsList()))));
        var files = c.getFiles();
        facts.add(new Fact("Files", !files.getEnabled() ? "off"
                : "on · files up to " + ByteSizes.format(files.getMaxFileSizeBytes())
                + " · " + FileScopes.of(files, ", ")));
        facts.add(new Fact("System", c.getSystem().getEnabled() ? "on" : "off"));
        facts.add(new Fact("Docker", c.getDocker().getEnabled() ? "on" : "off"));
        return facts;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private record StatusOrProblem(SystemStatus status, String problem) {
    }

    private record Loaded(Machine machine, StatusOrProblem status) {
    }
}
