package fr.interrupt.meshcp.hub.state;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.registry.RegistryFile;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Child process for {@link StateFileCrashTest}: appends machines m0, m1, ... to a registry.json
 * as fast as it can, each followed by an update of that machine, until it is killed.
 * It continues from whatever the file already holds (in file order; list() sorts by name).
 * On stdout: "writing" once, then "wrote mN" after each machine's add and update are on disk.
 */
public final class RegistryWriterMain {
    private RegistryWriterMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        JsonStateFile<RegistryFile> state = new JsonStateFile<>(file, RegistryFile.class, RegistryFile::empty, Json.mapper());
        MachineRegistry registry = new MachineRegistry(state);
        var existing = state.read().machines();
        int next = existing.size();
        if (next > 0 && existing.get(next - 1).lastSeen() == null) {
            // the previous writer was killed between its add and its update: finish that update first
            registry.markSeen("m" + (next - 1), Instant.ofEpochSecond(1_800_000_000L + next - 1), "0.1.1");
        }
        System.out.println("writing");
        System.out.flush();
        for (int i = next; ; i++) {
            String name = "m" + i;
            registry.add(new Machine(name, "10.0.0." + (i % 250 + 1), 7444, Integer.toHexString(i), "00:11",
                    "host-" + i, "Linux", "amd64", "0.1.0", Instant.ofEpochSecond(1_700_000_000L + i), null));
            registry.markSeen(name, Instant.ofEpochSecond(1_800_000_000L + i), "0.1.1");
            System.out.println("wrote " + name);
            System.out.flush();
        }
    }
}
