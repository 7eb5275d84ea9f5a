package fr.interrupt.meshcp.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many contacts recorded in one registry write: the latest per machine, unknown machines ignored, nothing when nothing is new. */
class RegistrySightingsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;

    private MachineRegistry open() {
        return new MachineRegistry(new JsonStateFile<>(dir.resolve("registry.json"), RegistryFile.class, RegistryFile::empty, Json.mapper()));
    }

    private static Machine machine(String name) {
        return new Machine(name, "10.0.0.1", 7444, "ab12", "00", name, "Linux", "amd64", "0.1.0", T0, null);
    }

    private Object fileKey() throws Exception {
        return Files.readAttributes(dir.resolve("registry.json"), BasicFileAttributes.class).fileKey();
    }

    @Test
    void theLatestSightingOfEachMachineIsKeptAndUnknownMachinesAreIgnored() {
        MachineRegistry registry = open();
        registry.add(machine("web-1"));
        registry.add(machine("web-2"));

        registry.markSeen(List.of(new Sighting("web-1", T0.plusSeconds(10), "0.2.0", null),
                new Sighting("web-1", T0.plusSeconds(5), "0.1.9", null),
                new Sighting("web-2", T0.plusSeconds(7), "", Map.of("env", "prod")),
                new Sighting("gone", T0.plusSeconds(7), "0.2.0", null)));

        MachineRegistry reread = open();
        assertThat(reread.list()).extracting(Machine::name).containsExactly("web-1", "web-2");
        assertThat(reread.require("web-1").lastSeen()).isEqualTo(T0.plusSeconds(10));
        assertThat(reread.require("web-1").agentVersion()).isEqualTo("0.2.0");
        assertThat(reread.require("web-2").lastSeen()).isEqualTo(T0.plusSeconds(7));
        assertThat(reread.require("web-2").agentVersion()).isEqualTo("0.1.0");
        assertThat(reread.require("web-2").agentLabels()).containsExactly(Map.entry("env", "prod"));
    }

    @Test
    void sightingsWithinTheResolutionThatChangeNothingWriteNothing() throws Exception {
        MachineRegistry registry = open();
        registry.add(machine("web-1"));
        registry.markSeen(List.of(new Sighting("web-1", T0, "0.1.0", Map.of())));
        Object written = fileKey();

        registry.markSeen(List.of(new Sighting("web-1", T0.plusSeconds(29), "0.1.0", Map.of()), new Sighting("other", T0, null, null)));
        assertThat(fileKey()).isEqualTo(written);

        registry.markSeen(List.of(new Sighting("web-1", T0.plusSeconds(30), "0.1.0", Map.of())));
        assertThat(fileKey()).isNotEqualTo(written);
        assertThat(open().require("web-1").lastSeen()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void sightingsAndEnrollmentsFromManyThreadsAtOnceAreAllWritten() throws Exception {
        MachineRegistry registry = open();
        for (int i = 0; i < 20; i++) {
            registry.add(machine("seen-" + i));
        }
        ExecutorService threads = Executors.newFixedThreadPool(40);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String n = String.valueOf(i);
                all.add(threads.submit(() -> {
                    go.await();
                    registry.markSeen("seen-" + n, T0.plusSeconds(60), "0.2.0", Map.of("n", n));
                    return null;
                }));
                all.add(threads.submit(() -> {
                    go.await();
                    registry.add(machine("new-" + n));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }

        MachineRegistry reread = open();
        assertThat(reread.list()).hasSize(40);
        for (int i = 0; i < 20; i++) {
            assertThat(reread.require("seen-" + i).lastSeen()).isEqualTo(T0.plusSeconds(60));
            assertThat(reread.require("seen-" + i).agentLabels()).containsExactly(Map.entry("n", String.valueOf(i)));
        }
    }
}
