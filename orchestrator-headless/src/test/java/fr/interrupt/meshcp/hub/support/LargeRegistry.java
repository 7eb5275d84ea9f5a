package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.registry.RegistryFile;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fills a hub data dir with {@code count} enrolled machines in one registry write, for scale measurements and
 * tests: {@code m00000}, {@code m00001}, ... on 127.0.0.1 at a closed port (each is offline and costs one refused
 * dial), with the labels and facts an enrolled machine has, so the file is as large as a real one (about 450 bytes
 * a machine). Usage: {@code LargeRegistry DATA_DIR COUNT [PORT]} (PORT 9 unless given: nothing listens there).
 */
public final class LargeRegistry {
    private LargeRegistry() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int port = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        fill(dataDir, count, port);
        System.out.println("registry of " + count + " machines in " + dataDir);
    }

    /** Creates the hub's state in dataDir if needed and adds count machines (names m00000...) in one write. */
    public static void fill(Path dataDir, int count, int port) {
        try (Hub hub = Hub.open(dataDir, "bench")) {
            hub.machines().list();
        }
        JsonStateFile<RegistryFile> file = new JsonStateFile<>(new HubPaths(dataDir).registry(), RegistryFile.class,
                RegistryFile::empty, Json.mapper());
        file.update(current -> {
            List<Machine> machines = new ArrayList<>(current.machines());
            Instant enrolled = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < count; i++) {
                String name = String.format("m%05d", i);
                machines.add(new Machine(name, "127.0.0.1", port, Long.toHexString(0x10000000L + i), "ab".repeat(32),
                        "host-" + name, "Linux", "amd64", "0.1.0", enrolled.plusSeconds(i), enrolled.plusSeconds(i + 60),
                        Map.of("env", i % 2 == 0 ? "prod" : "dev"), Map.of("rack", "r" + (i % 40))));
            }
            return new RegistryFile(1, machines, current.revoked());
        });
        MachineRegistry.at(new HubPaths(dataDir)).list();
    }
}
