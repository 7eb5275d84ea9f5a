package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.shared.DiskUse;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
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
    /** A release's code name in parentheses at the end of the OS name: " (bookworm)". */
    private static final Pattern CODE_NAME = Pattern.compile("\\s*\\([^)]*\\)\\s*$");
    private final String name;
    /** The registry's address that {@link #address} shows. */
    private String addressShown;
    /** The OS and architecture that {@link #platform} shows. */
    private String platformOs;
    private String platformArch;
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
        if (!m.address().equals(addressShown)) { // parsing an address at every poll of every row adds up
            addressShown = m.address();
            address.set(fr.interrupt.meshcp.shared.text.IpAddresses.display(m.address()));
        }
        agentVersion.set(snapshot.agentVersion() == null || snapshot.agentVersion().isEmpty() ? m.agentVersion() : snapshot.agentVersion());
        Map<String, String> merged = m.labels();
        Map<String, String> from = m.labelSources();
        labelSources.set(from.isEmpty() ? "" : from.entrySet().stream()
                .map(e -> e.getKey() + "=" + merged.get(e.getKey()) + "  (" + e.getValue() + ")")
                .collect(Collectors.joining("\n")));
        if (!labels.get().equals(merged)) {
            labels.set(merged);
        }
        SystemStatus s = snapshot.checked() && snapshot.online() ? snapshot.system() : null;
        if (s == null) {
            platform(m.os(), m.arch());
        } else {
            platform(s.getOs().isEmpty() ? m.os() : s.getOs(), s.getArch().isEmpty() ? m.arch() : s.getArch());
        }
        if (!snapshot.checked()) {
            change(lastSeen, m.lastSeen());
            return;
        }
        problem.set(snapshot.problem()); // before the status, so that the status cell finds the reason it shows
        reachability.set(snapshot.online() ? Reachability.ONLINE : Reachability.OFFLINE);
        change(lastSeen, snapshot.online() ? now : m.lastSeen());
        change(pingMillis, snapshot.online() && snapshot.roundTrip() != null ? snapshot.roundTrip().toNanos() / 1_000_000.0 : null);
        if (s == null) {
            change(cpuPercent, null);
            change(memoryPercent, null);
            change(diskPercent, null);
            change(diskTotalBytes, null);
            change(uptimeSeconds, null);
            return;
        }
        change(cpuPercent, s.hasCpu() ? s.getCpu().getUsagePercent() : null);
        long total = s.getMemory().getTotalBytes();
        change(memoryPercent, total > 0 ? 100.0 * (total - s.getMemory().getAvailableBytes()) / total : null);
        Disk disk = mainDisk(s);
        change(diskPercent, disk == null || disk.getTotalBytes() == 0 ? null : (double) DiskUse.of(disk).usedPercent());
        change(diskTotalBytes, disk == null ? null : disk.getTotalBytes());
        change(uptimeSeconds, s.getUptimeSeconds());
    }

    /**
     * Sets {@code property} only when the value is another one: an object property fires on every new box, so an
     * unchanged number would redraw its cell on every poll.
     */
    private static <T> void change(ReadOnlyObjectWrapper<T> property, T value) {
        if (!Objects.equals(property.get(), value)) {
            property.set(value);
        }
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

    /** Shows {@code os} and {@code arch}, made into text only when they changed (a regular expression per row per poll adds up). */
    private void platform(String os, String arch) {
        if (!Objects.equals(os, platformOs) || !Objects.equals(arch, platformArch) || platform.get() == null) {
            platformOs = os;
            platformArch = arch;
            platform.set(platformText(os, arch));
        }
    }

    /** "Debian GNU/Linux 12 · amd64": the release's code name in parentheses is left to the details page. */
    private static String platformText(String os, String arch) {
        String o = os == null ? "" : os.endsWith(")") ? CODE_NAME.matcher(os).replaceFirst("") : os;
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
