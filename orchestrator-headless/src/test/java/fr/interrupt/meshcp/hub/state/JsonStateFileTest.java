package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.registry.RegistryFile;
import fr.interrupt.meshcp.hub.registry.RevokedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonStateFileTest {
    @TempDir
    Path dir;

    private JsonStateFile<RegistryFile> registry() {
        return new JsonStateFile<>(dir.resolve("registry.json"), RegistryFile.class, RegistryFile::empty, Json.mapper());
    }

    private static RegistryFile withRevoked(RegistryFile current, String serial) {
        List<RevokedCertificate> revoked = new java.util.ArrayList<>(current.revoked());
        revoked.add(new RevokedCertificate(serial, "m", Instant.EPOCH));
        return new RegistryFile(1, current.machines(), revoked);
    }

    @Test
    void theTempFilesOfWritersKilledMidWriteAreRemovedByTheNextUpdate() throws Exception {
        JsonStateFile<RegistryFile> file = registry();
        file.update(r -> withRevoked(r, "1"));
        // what writeAtomically leaves when its process dies before the rename
        Path leftover1 = Files.writeString(dir.resolve(".registry.json1234567890123.tmp"), "{\"version\":1,\"mach");
        Path leftover2 = Files.writeString(dir.resolve(".registry.json987.tmp"), "");
        Path unrelated = Files.writeString(dir.resolve(".tokens.json555.tmp"), "{}");

        file.update(r -> withRevoked(r, "2"));

        assertThat(leftover1).doesNotExist();
        assertThat(leftover2).doesNotExist();
        assertThat(unrelated).as("another file's temp is that file's writers' business").exists();
        assertThat(file.read().revoked()).extracting(RevokedCertificate::serial).containsExactly("1", "2");
    }

    @Test
    void aReaderSeesEveryChangeAnotherWriterMakesEvenOfTheSameSize() {
        JsonStateFile<RegistryFile> reader = registry();
        JsonStateFile<RegistryFile> otherProcess = registry();
        for (int i = 0; i < 20; i++) {
            String serial = Integer.toString(i % 10);
            // same length every time: only the replaced file's identity can tell the change
            otherProcess.update(r -> new RegistryFile(1, List.of(), List.of(new RevokedCertificate(serial, "m", Instant.EPOCH))));
            assertThat(reader.read().revoked()).extracting(RevokedCertificate::serial).containsExactly(serial);
        }
    }

    @Test
    void anUpdateLeavesNoTempFileBehind() throws Exception {
        JsonStateFile<RegistryFile> file = registry();
        for (int i = 0; i < 5; i++) {
            String serial = Integer.toString(i);
            file.update(r -> withRevoked(r, serial));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("registry.json", ".registry.json.lock");
        }
    }

    @Test
    void aChangeThatThrowsWritesNothing() throws Exception {
        JsonStateFile<RegistryFile> file = registry();
        file.update(r -> withRevoked(r, "1"));
        byte[] before = Files.readAllBytes(file.path());

        assertThatThrownBy(() -> file.update(r -> {
            throw new IllegalStateException("refused");
        })).hasMessage("refused");

        assertThat(Files.readAllBytes(file.path())).isEqualTo(before);
    }

    @Test
    void aMissingFileReadsAsEmpty() {
        assertThat(registry().read()).isEqualTo(RegistryFile.empty());
    }

    @Test
    void whatAWriterKeptOfItsOwnWriteGivesWayToAnotherWritersFile() {
        JsonStateFile<RegistryFile> mine = registry();
        JsonStateFile<RegistryFile> other = registry();

        RegistryFile written = mine.update(r -> withRevoked(r, "1"));
        assertThat(mine.read()).isSameAs(written);
        other.update(r -> withRevoked(r, "2"));

        assertThat(mine.read().revoked()).extracting(RevokedCertificate::serial).containsExactly("1", "2");
        assertThat(registry().read()).isEqualTo(mine.read());
    }
}
