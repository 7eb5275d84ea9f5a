package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.RegistryFile;
import fr.interrupt.meshcp.testsupport.ChildJvm;
import fr.interrupt.meshcp.testsupport.Waits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGKILL in the middle of registry writes never leaves a half-written or inconsistent registry.json. */
class StateFileCrashTest {
    private static final int ROUNDS = 6;
    private static final int MAX_WRITES_PER_ROUND = 60;

    @TempDir
    Path dir;

    @Test
    void aProcessKilledMidWriteLeavesAConsistentRegistryAndNoPileOfTempFiles() throws Exception {
        Path registry = dir.resolve("registry.json");
        JsonStateFile<RegistryFile> file = new JsonStateFile<>(registry, RegistryFile.class, RegistryFile::empty, Json.mapper());
        Random random = new Random();
        int before = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String lastReported = null;
            Process child = ChildJvm.start(RegistryWriterMain.class, dir.resolve("child.err"), registry.toString());
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                assertThat(Waits.nextLine(out, Duration.ofSeconds(30))).as("child started writing; its stderr: %s", stderrOf(dir))
                        .isEqualTo("writing");
                // kill it at a random point of its progress, not of the wall clock: a loaded machine only slows both down
                int writes = 1 + random.nextInt(MAX_WRITES_PER_ROUND);
                for (int w = 0; w < writes; w++) {
                    lastReported = Waits.nextLine(out, Duration.ofSeconds(30));
                    assertThat(lastReported).as("child kept writing; its stderr: %s", stderrOf(dir)).startsWith("wrote m");
                }
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }

            RegistryFile content = file.read();
            List<Machine> machines = content.machines();
            assertThat(machines.size()).as("round %d: writes went on and none was lost", round).isGreaterThan(before);
            int lastOnDisk = Integer.parseInt(lastReported.substring("wrote m".length()));
            assertThat(machines.size()).as("round %d: every write the child reported is on disk", round).isGreaterThan(lastOnDisk);
            for (int i = 0; i < machines.size(); i++) {
                Machine m = machines.get(i);
                assertThat(m.name()).as("a consistent prefix m0..m%d", machines.size() - 1).isEqualTo("m" + i);
                assertThat(m.certificateSerial()).isEqualTo(Integer.toHexString(i));
                if (i < machines.size() - 1) {
                    assertThat(m.lastSeen()).as("%s was updated before the next machine was added", m.name()).isNotNull();
                }
            }
            before = machines.size();

            List<Path> temps = tempFiles(dir);
            assertThat(temps).as("round %d: temp files left behind by the crashes so far", round).hasSizeLessThanOrEqualTo(1);
        }
    }

    private static List<Path> tempFiles(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(".registry.json") && n.endsWith(".tmp");
            }).toList();
        }
    }

    private static String stderrOf(Path dir) {
        try {
            return Files.readString(dir.resolve("child.err"));
        } catch (java.io.IOException e) {
            return "(none)";
        }
    }
}
