package fr.interrupt.meshcp.hub.registry;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The enrolled machines, in registry.json, shared by every hub process on the data dir. */
public final class MachineRegistry {
    /** lastSeen is written at most this often per machine, so polling does not rewrite the file constantly. */
    private static final Duration LAST_SEEN_RESOLUTION = Duration.ofSeconds(30);

    private final JsonStateFile<RegistryFile> file;

    /** The registry of the hub whose files are {@code paths} (another process may share it: reads see its writes). */
    public static MachineRegistry at(HubPaths paths) {
        return new MachineRegistry(new JsonStateFile<>(paths.registry(), RegistryFile.class, RegistryFile::empty, Json.mapper()));
    }

    public MachineRegistry(JsonStateFile<RegistryFile> file) {
        this.file = file;
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

    public void add(Machine machine) {
        file.update(current -> {
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

    /** Records a successful contact; skipped when the stored time is recent enough. */
    public void markSeen(String name, Instant when, String agentVersion) {
        Optional<Machine> known = find(name);
        if (known.isEmpty() || (known.get().lastSeen() != null
                && known.get().lastSeen().plus(LAST_SEEN_RESOLUTION).isAfter(when)
                && (agentVersion == null || agentVersion.equals(known.get().agentVersion())))) {
            return;
        }
        file.update(current -> {
            List<Machine> next = new ArrayList<>();
            for (Machine m : current.machines()) {
                next.add(m.name().equals(name) ? m.seen(when, agentVersion) : m);
            }
            return new RegistryFile(1, next, current.revoked());
        });
    }

    /** Changes whenever another process writes the registry: for views that refresh themselves. */
    public long lastModifiedMillis() {
        return file.lastModifiedMillis();
    }
}
