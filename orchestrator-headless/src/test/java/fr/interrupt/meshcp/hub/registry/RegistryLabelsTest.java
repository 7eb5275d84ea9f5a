package fr.interrupt.meshcp.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** registry.json keeps both label sources; a registry written before labels reads as machines without labels. */
class RegistryLabelsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @TempDir
    Path dir;

    private MachineRegistry open() {
        return new MachineRegistry(new JsonStateFile<>(dir.resolve("registry.json"), RegistryFile.class, RegistryFile::empty, Json.mapper()));
    }

    private static Machine machine(String name) {
        return new Machine(name, "10.0.0.1", 7444, "ab12", "00", name, "Linux", "amd64", "0.1.0", T0, null);
    }

    @Test
    void bothSourcesRoundTripThroughTheFile() {
        MachineRegistry registry = open();
        registry.add(machine("web-1"));
        registry.markSeen("web-1", T0, "0.1.0", Map.of("env", "prod"));
        registry.label("web-1", Map.of("env", "staging", "team", "a"), Set.of(), false);

        Machine read = open().require("web-1");

        assertThat(read.agentLabels()).containsExactly(Map.entry("env", "prod"));
        assertThat(read.hubLabels()).containsExactly(Map.entry("env", "staging"), Map.entry("team", "a"));
        assertThat(read.labels()).containsExactly(Map.entry("env", "staging"), Map.entry("team", "a"));
    }

    @Test
    void changedAgentLabelsAreWrittenAtOnceEvenWithinTheLastSeenResolution() {
        MachineRegistry registry = open();
        registry.add(machine("web-1"));
        registry.markSeen("web-1", T0, "0.1.0", Map.of("env", "prod"));

        registry.markSeen("web-1", T0.plusSeconds(1), "0.1.0", Map.of("env", "dev"));

        assertThat(open().require("web-1").agentLabels()).containsExactly(Map.entry("env", "dev"));
    }

    @Test
    void aRegistryWrittenBeforeLabelsReadsWithoutLabels() throws Exception {
        Files.writeString(dir.resolve("registry.json"), """
                {"version":1,"machines":[{"name":"old-1","host":"10.0.0.2","port":7444,"certificateSerial":"01",
                "certificateSha256":"00","hostname":"old-1","os":"Linux","arch":"amd64","agentVersion":"0.1.0",
                "enrolledAt":"2026-01-01T00:00:00Z","lastSeen":null}],"revoked":[]}
                """);

        Machine old = open().require("old-1");

        assertThat(old.agentLabels()).isEmpty();
        assertThat(old.hubLabels()).isEmpty();
        assertThat(old.labels()).isEmpty();
    }

    @Test
    void invalidLabelsInTheFileAreDroppedNotTrusted() throws Exception {
        Files.writeString(dir.resolve("registry.json"), """
                {"version":1,"machines":[{"name":"x-1","host":"10.0.0.2","port":7444,"certificateSerial":"01",
                "certificateSha256":"00","hostname":"x-1","os":"Linux","arch":"amd64","agentVersion":"0.1.0",
                "enrolledAt":"2026-01-01T00:00:00Z","lastSeen":null,
                "agentLabels":{"env":"prod","bad key":"x"},"hubLabels":{"role":"a/b"}}],"revoked":[]}
                """);

        assertThat(open().require("x-1").labels()).containsExactly(Map.entry("env", "prod"));
    }
}
