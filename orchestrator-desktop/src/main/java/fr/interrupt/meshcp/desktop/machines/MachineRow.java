package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.DiskUse;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the machines table. Updated in place by each refresh, so the table keeps its
 * selection, sort and scroll position. Numbers are null when unknown (offline, not yet checked).
 */
public final class MachineRow {
    private final String name;
    private final ReadOnlyObjectWrapper<Reachability> reachability = new ReadOnlyObjectWrapper<>(Reachability.CHECKING);
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper platform = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Double> cpuPercent = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Double> memoryPercent = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Double> diskPercent = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Long> diskTotalBytes = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Long> uptimeSeconds = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper agentVersion = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Instant> lastSeen = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Double> pingMillis = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<Map<String, String>> labels = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyStringWrapper labelSources = new ReadOnlyStringWrapper("");

    MachineRow(String name) {
        this.name = name;
    }

    void update(MachineSnapshot snapshot, Instant now) {
        Machine m = snapshot.machine();
        address.set(fr.interrupt.meshcp.shared.text.IpAddresses.display(m.address()));
        platform.set(platformText(m.os(), m.arch()));
        agentVersion.set(snapshot.agentVersion() == null || snapshot.agentVersion().isEmpty() ? m.agentVersion() : snapshot.agentVersion());
        labelSources.set(m.labelSources().entrySet().stream()
                .map(e -> e.getKey() + "=" + m.labels().get(e.getKey()) + "  (" + e.getValue() + ")")
                .collect(Collectors.joining("\n")));
        if (!labels.get().equals(m.labels())) {
            labels.set(m.labels());
        }
        if (!snapshot.checked()) {
            lastSeen.set(m.lastSeen());
            return;
        }
        reachability.set(snapshot.online() ? Reachability.ONLINE : Reachability.OFFLINE);
        problem.set(snapshot.problem());
        lastSeen.set(snapshot.online() ? now : m.lastSeen());
        pingMillis.set(snapshot.online() && snapshot.roundTrip() != null ? snapshot.roundTrip().toNanos() / 1_000_000.0 : null);
        SystemStatus s = snapshot.online() ? snapshot.system() : null;
        if (s == null) {
            cpuPercent.set(null);
            memoryPercent.set(null);
            diskPercent.set(null);
            diskTotalBytes.set(null);
            uptimeSeconds.set(null);
            return;
        }
        platform.set(platformText(s.getOs().isEmpty() ? m.os() : s.getOs(), s.getArch().isEmpty() ? m.arch() : s.getArch()));
        cpuPercent.set(s.hasCpu() ? s.getCpu().getUsagePercent() : null);
        long total = s.getMemory().getTotalBytes();
        memoryPercent.set(total > 0 ? 100.0 * (total - s.getMemory().getAvailableBytes()) / total : null);
        Disk disk = mainDisk(s);
        diskPercent.set(disk == null || disk.getTotalBytes() == 0 ? null : (double) DiskUse.of(disk).usedPercent());
        diskTotalBytes.set(disk == null ? null : disk.getTotalBytes());
        uptimeSeconds.set(s.getUptimeSeconds());
    }

    /** The root file system ("/" or "C:\"), else the largest disk. */
    static Disk mainDisk(SystemStatus s) {
        for (Disk d : s.getDisksList()) {
            if (d.getMount().equals("/") || d.getMount().equalsIgnoreCase("C:\\")) {
                return d;
            }
        }
        return s.getDisksList().stream().max(Comparator.comparingLong(Disk::getTotalBytes)).orElse(null);
    }

    /** "Debian GNU/Linux 12 · amd64": the release's code name in parentheses is left to the details page. */
    private static String platformText(String os, String arch) {
        String o = os == null ? "" : os.replaceFirst("\\s*\\([^)]*\\)\\s*$", "");
        String a = arch == null ? "" : arch;
        return o.isEmpty() ? a : a.isEmpty() ? o : o + " · " + a;
    }

    public String name() {
        return name;
    }

    public ReadOnlyObjectProperty<Reachability> reachabilityProperty() {
        return reachability.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty platformProperty() {
        return platform.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> cpuPercentProperty() {
        return cpuPercent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> memoryPercentProperty() {
        return memoryPercent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> diskPercentProperty() {
        return diskPercent.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Long> diskTotalBytesProperty() {
        return diskTotalBytes.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Long> uptimeSecondsProperty() {
        return uptimeSeconds.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty agentVersionProperty() {
        return agentVersion.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Instant> lastSeenProperty() {
        return lastSeen.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Double> pingMillisProperty() {
        return pingMillis.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Its labels (the agent's, with the hub's on top), as selectors see them; sorted. */
    public ReadOnlyObjectProperty<Map<String, String>> labelsProperty() {
        return labels.getReadOnlyProperty();
    }

    /** One line per label with where it comes from ("env=prod  (hub, over the agent's staging)"); empty without labels. */
    public ReadOnlyStringProperty labelSourcesProperty() {
        return labelSources.getReadOnlyProperty();
    }

    public Reachability reachability() {
        return reachability.get();
    }

    @Override
    public String toString() {
        return name;
    }
}
