package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.files.FileReader;
import fr.interrupt.meshcp.hub.certs.TlsAgent;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.testsupport.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloads and uploads through the production path: the hub's TLS channel (BoringSSL where it loads) to a real agent
 * serving mTLS on loopback, with sizes around the chunk boundaries of both sides and one over many flow-control
 * windows; each copy is compared with its source by SHA-256.
 */
class TlsTransferTest {
    private static final int CHUNK = FileService.CHUNK_SIZE;

    @TempDir
    static Path dir;
    static TestHub hub;
    static TlsAgent agent;
    static Path remote;
    static Path local;

    @BeforeAll
    static void enroll() throws Exception {
        hub = TestHub.open(dir.resolve("hub"));
        agent = TlsAgent.enroll(hub, "web-1", Ports.freePort(), dir.resolve("creds"));
        remote = Files.createDirectories(dir.resolve("remote")).toRealPath();
        local = Files.createDirectories(dir.resolve("local")).toRealPath();
    }

    @AfterAll
    static void stop() {
        agent.close();
        hub.close();
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7, FileReader.CHUNK_SIZE * 4, 16 * 1024 * 1024 + 3})
    void aDownloadIsByteForByteTheRemoteFile(int size) throws Exception {
        Path source = write(remote.resolve("down-" + size + ".bin"), size);
        Path target = local.resolve("down-" + size + ".bin");
        AtomicLong progress = new AtomicLong(-1);

        FileService.ReadResult result = hub.hub().files().download("web-1", source.toString(), target, progress::set);

        assertThat(result.bytes()).isEqualTo(size);
        assertThat(result.info().getSize()).isEqualTo(size);
        assertThat(sha256(target)).isEqualTo(sha256(source));
        assertThat(progress.get()).as("the last progress is the whole file").isEqualTo(size);
        try (var entries = Files.list(local)) {
            assertThat(entries.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7, 16 * 1024 * 1024 + 3})
    void anUploadIsByteForByteTheLocalFile(int size) throws Exception {
        Path source = write(local.resolve("up-" + size + ".bin"), size);
        Path target = remote.resolve("up-" + size + ".bin");

        WriteFileResponse written = hub.hub().files().upload("web-1", source, target.toString(), null, false, bytes -> { });

        assertThat(written.getBytesWritten()).isEqualTo(size);
        assertThat(written.getWrittenInPlace()).isEmpty();
        assertThat(sha256(target)).isEqualTo(sha256(source));
        try (var entries = Files.list(remote)) {
            assertThat(entries.map(p -> p.getFileName().toString())).as("no temp file left").noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    private static Path write(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        new SplittableRandom(size).nextBytes(bytes);
        return Files.write(file, bytes);
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
