package fr.interrupt.meshcp.hub.registry;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.GroupCommit;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.shared.labels.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** The enrolled machines, in registry.json, shared by every hub process on the data dir. */
public final class MachineRegistry {
    /** lastSeen is written at most this often per machine, so polling does not rewrite the file constantly. */
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofSeconds(30);

    private final JsonStateFile<RegistryFile> file;
    /**
     * Enrollments and sightings arriving together (50 machines enrolled at once, then pinged at once) are written in
     * one registry write (group commit), not one write and two fsyncs each.
     */
    private final GroupCommit<RegistryFile> additions;

    /** The registry of the hub whose files are {@code paths} (another process may share it: reads see its writes). */
    public static MachineRegistry at(HubPaths paths) {
        return new MachineRegistry(new JsonStateFile<>(paths.registry(), RegistryFile.class, RegistryFile::empty, Json.mapper()));
    }

    public MachineRegistry(JsonStateFile<RegistryFile> file) {
        this.file = file;
        this.additions = new GroupCommit<>(file);
    }

    /** All machines, sorted by name. */
    public List<Machine> list() {
        List<Machine> all = new ArrayList<>(file.read().machines());
        all.sort(Comparator.comparing(Machine::name));
        return all;
    }

    public Optional<Machine> find(String name) {
        return file.read().machines().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Machine require(String name) {
        return named(file.read(), name);
    }

    private static Machine named(RegistryFile registry, String name) {
        return registry.machines().stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownMachineException(name,
                        registry.machines().stream().map(Machine::name).sorted().toList()));
    }

    public boolean isRevoked(String serial) {
        return file.read().revoked().stream().anyMatch(r -> r.serial().equals(serial));
    }

    /**
     * Enrolls a machine. Concurrent calls of this process are written together (one locked write and fsync for the
     * group); each returns once its machine is on disk.
     *
     * @throws MeshcpException CONFLICT when a machine of that name is enrolled; STATE when the registry cannot be written
     */
    public void add(Machine machine) {
        additions.update(current -> {
            if (current.machines().stream().anyMatch(m -> m.name().equals(machine.name()))) {
                throw new MeshcpException(MeshcpException.Kind.CONFLICT,
                        "machine \"" + machine.name() + "\" is already enrolled; remove it first");
            }
            List<Machine> next = new ArrayList<>(current.machines());
            next.add(machine);
            return new RegistryFile(1, next, current.revoked());
        });
    }

    /** Removes the machine and revokes its certificate serial. */
    public Machine remove(String name, Instant now) {
        Machine[] removed = new Machine[1];
        file.update(current -> {
            Machine m = named(current, name);
            removed[0] = m;
            List<Machine> next = new ArrayList<>(current.machines());
            next.remove(m);
            List<RevokedCertificate> revoked = new ArrayList<>(current.revoked());
            revoked.add(new RevokedCertificate(m.certificateSerial(), m.name(), now));
            return new RegistryFile(1, next, revoked);
        });
        return removed[0];
    }

    /**
     * Records a renewed certificate: in one locked read-modify-write, the machine's serial becomes {@code serial}
     * (and its SHA-256 fingerprint {@code sha256}) only if it still is {@code expectedSerial}.
     *
     * @return the machine as stored after the change
     * @throws MeshcpException NOT_FOUND when the machine was removed meanwhile, CONFLICT when its serial changed
     */
    public Machine replaceCertificate(String name, String expectedSerial, String serial, String sha256) {
        Machine[] changed = new Machine[1];
        file.update(current -> {
            Machine m = named(current, name);
            if (!m.certificateSerial().equals(expectedSerial)) {
                throw new MeshcpException(MeshcpException.Kind.CONFLICT, "machine \"" + name + "\" changed certificate meanwhile");
            }
            changed[0] = new Machine(m.name(), m.host(), m.port(), serial, sha256, m.hostname(), m.os(), m.arch(),
                    m.agentVersion(), m.enrolledAt(), m.lastSeen(), m.agentLabels(), m.hubLabels());
            List<Machine> next = new ArrayList<>(current.machines());
            next.set(next.indexOf(m), changed[0]);
            return new RegistryFile(1, next, current.revoked());
        });
        return changed[0];
    }

    /** Records a successful contact; skipped when the stored time is recent enough. */
    public void markSeen(String name, Instant when, String agentVersion) {
        markSeen(name, when, agentVersion, null);
    }

    /**
     * Records a successful contact and the labels the agent reported in it (null: not reported, keep the stored
     * ones). Skipped when the stored time is recent enough and nothing else changed, so a change of labels is
     * written at once.
     */
    public void markSeen(String name, Instant when, String agentVersion, Map<String, String> agentLabels) {
        markSeen(List.of(new Sighting(name, when, agentVersion, agentLabels)));
    }

    /**
     * Records many contacts in one locked write of the registry (a fleet poll answered by hundreds of machines
     * rewrites the file once, not once per machine); calls from several threads at once (concurrent pings) are
     * written together too. A sighting is skipped when its machine's stored time is less
     * than 30 s older and its version and labels are unchanged; nothing is written when every one is skipped.
     * Sightings of machines not (or no longer) enrolled are ignored; of several for one machine the latest wins.
     */
    public void markSeen(java.util.Collection<Sighting> sightings) {
        RegistryFile known = file.read();
        Map<String, Sighting> due = due(known, sightings);
        if (due.isEmpty()) {
            return;
        }
        additions.update(current -> {
            Map<String, Sighting> still = due(current, due.values());
            List<Machine> next = new ArrayList<>(current.machines().size());
            for (Machine m : current.machines()) {
                Sighting s = still.get(m.name());
                Machine seen = s == null ? m : m.seen(s.when(), s.agentVersion());
                next.add(s != null && s.agentLabels() != null ? seen.withAgentLabels(s.agentLabels()) : seen);
            }
            return new RegistryFile(1, next, current.revoked());
        });
    }

    /** The sightings that change what {@code registry} holds, by machine name. */
    private static Map<String, Sighting> due(RegistryFile registry, java.util.Collection<Sighting> sightings) {
        Map<String, Sighting> latest = new java.util.HashMap<>();
        for (Sighting s : sightings) {
            latest.merge(s.name(), s, (a, b) -> b.when().isAfter(a.when()) ? b : a);
        }
        Map<String, Sighting> due = new java.util.HashMap<>();
        for (Machine m : registry.machines()) {
            Sighting s = latest.get(m.name());
            if (s != null && changes(m, s)) {
                due.put(m.name(), s);
            }
        }
        return due;
    }

    private static boolean changes(Machine known, Sighting s) {
        return known.lastSeen() == null
                || !known.lastSeen().plus(LAST_SEEN_RESOLUTION).isAfter(s.when())
                || (s.agentVersion() != null && !s.agentVersion().isEmpty() && !s.agentVersion().equals(known.agentVersion()))
                || (s.agentLabels() != null && !known.withAgentLabels(s.agentLabels()).equals(known));
    }

    /**
     * Changes a machine's hub-set labels in one locked read-modify-write: {@code remove} first, then {@code set}.
     * Without {@code overwrite}, changing the value of a hub-set label that exists is refused (as kubectl label does);
     * setting the same value again, adding a key, or removing one is always allowed (removing a missing key is no
     * error).
     *
     * @return the machine as stored after the change
     * @throws MeshcpException NOT_FOUND for an unknown machine, CONFLICT for a change of value without
     *                         {@code overwrite}, INVALID_INPUT when the machine would have more than
     *                         {@link Labels#MAX_LABELS} hub-set labels
     */
    public Machine label(String name, Map<String, String> set, Set<String> remove, boolean overwrite) {
        Machine[] changed = new Machine[1];
        file.update(current -> {
            Machine m = named(current, name);
            TreeMap<String, String> labels = new TreeMap<>(m.hubLabels());
            remove.forEach(labels::remove);
            for (Map.Entry<String, String> e : set.entrySet()) {
                String old = labels.get(e.getKey());
                if (!overwrite && old != null && !old.equals(e.getValue())) {
                    throw new MeshcpException(MeshcpException.Kind.CONFLICT, "machine \"" + name + "\" already has label "
                            + e.getKey() + "=" + old + "; overwrite it to set " + e.getKey() + "=" + e.getValue());
                }
                labels.put(e.getKey(), e.getValue());
            }
            if (labels.size() > Labels.MAX_LABELS) {
                throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "machine \"" + name + "\" would have "
                        + labels.size() + " hub labels; at most " + Labels.MAX_LABELS + " are allowed");
            }
            changed[0] = m.withHubLabels(labels);
            List<Machine> next = new ArrayList<>(current.machines());
            next.set(next.indexOf(m), changed[0]);
            return new RegistryFile(1, next, current.revoked());
        });
        return changed[0];
    }

    /** Changes whenever another process writes the registry: for views that refresh themselves. */
    public long lastModifiedMillis() {
        return file.lastModifiedMillis();
    }
}
