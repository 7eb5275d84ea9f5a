package fr.interrupt.meshcp.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** max_file_size_mb caps reads as it caps writes: at open, and while a growing file is streamed. */
class ReadLimitTest {
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;

    private FileReader reader;

    @BeforeEach
    void oneMebibyteLimit() {
        reader = new FileReader(new FilesConfig(true, 1, List.of()), new PathPolicy(List.of()), OwnFiles.none());
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeAnyByteIsSent() throws IOException {
        Path big = Files.write(dir.resolve("big.log"), new byte[5_000_000]);

        assertThatThrownBy(() -> reader.open(big.toString(), 0, 0))
                .isInstanceOf(Refusal.class)
                .hasMessage("refusing to read " + big + ": it is 4.8 MiB, over max_file_size_mb (1 MiB): read it in ranges of at most "
                        + "1 MiB, from an offset")
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.RESOURCE_EXHAUSTED);
    }

    @Test
    void aRangeUpToTheLimitIsServedFromAnyOffset() throws IOException {
        byte[] content = new byte[5_000_000];
        new Random(7).nextBytes(content);
        Path big = Files.write(dir.resolve("big.bin"), content);

        byte[] read = readAll(reader.open(big.toString(), 3_000_000, MIB));
        assertThat(read).isEqualTo(Arrays.copyOfRange(content, 3_000_000, 3_000_000 + MIB));
        byte[] tail = readAll(reader.open(big.toString(), 4_500_000, 0));
        assertThat(tail).isEqualTo(Arrays.copyOfRange(content, 4_500_000, 5_000_000));
    }

    @Test
    void aRangeOverTheLimitIsRefused() throws IOException {
        Path big = Files.write(dir.resolve("big.bin"), new byte[5_000_000]);

        assertThatThrownBy(() -> reader.open(big.toString(), 1000, 2 * MIB))
                .hasMessage("refusing to read " + big + ": the range asked is 2.0 MiB, over max_file_size_mb (1 MiB): read it in "
                        + "ranges of at most 1 MiB, from an offset");
    }

    @Test
    void aFileOfExactlyTheLimitIsReadWhole() throws IOException {
        Path file = Files.write(dir.resolve("exact.bin"), new byte[MIB]);

        assertThat(readAll(reader.open(file.toString(), 0, 0))).hasSize(MIB);
    }

    @Test
    void aFileGrowingDuringTheReadStopsAtTheLimit() throws IOException {
        Path log = Files.write(dir.resolve("growing.log"), new byte[600_000]);
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        try (OpenedFile opened = reader.open(log.toString(), 0, 0)) {
            received.writeBytes(opened.nextChunk());
            // the log grows by 40 MB while the first 64 KiB are on their way
            try (var out = Files.newOutputStream(log, StandardOpenOption.APPEND)) {
                byte[] block = new byte[MIB];
                for (int i = 0; i < 40; i++) {
                    out.write(block);
                }
            }
            assertThatThrownBy(() -> {
                while (opened.hasMore()) {
                    received.writeBytes(opened.nextChunk());
                }
            }).isInstanceOf(Refusal.class)
                    .hasMessage(log + " grew past max_file_size_mb (1 MiB) while it was read: the read stopped after 1 MiB");
        }
        assertThat(received.size()).isEqualTo(MIB);
    }

    @Test
    void aFileGrowingWithinTheLimitIsReadToItsNewEnd() throws IOException {
        Path log = Files.write(dir.resolve("growing.log"), new byte[100_000]);
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        try (OpenedFile opened = reader.open(log.toString(), 0, 0)) {
            received.writeBytes(opened.nextChunk());
            Files.write(log, new byte[200_000], StandardOpenOption.APPEND);
            while (opened.hasMore()) {
                received.writeBytes(opened.nextChunk());
            }
        }
        assertThat(received.size()).isEqualTo(300_000);
    }

    private static byte[] readAll(OpenedFile opened) throws IOException {
        try (opened) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (opened.hasMore()) {
                out.writeBytes(opened.nextChunk());
            }
            return out.toByteArray();
        }
    }
}
