package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.DockerConfig;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FileService against the real agent service (real FileOperations and PathPolicy on a temp dir), in-process. */
class FileServiceTest {
    private static final String MACHINE = "web-1";

    @TempDir
    Path dataDir;
    @TempDir
    Path root;

    private InProcessFleet fleet;
    private FileService files;

    @BeforeEach
    void start() throws IOException {
        root = root.toRealPath();
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent(MACHINE, new Capabilities(ShellConfig.DEFAULT, new FilesConfig(true, 50, List.of(root)), SystemConfig.DEFAULT,
                DockerConfig.DEFAULT));
        files = fleet.hub().files();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aReadStreamsTheWholeFileInChunksAndReportsProgress() throws IOException {
        byte[] content = randomBytes(5 * FileService.CHUNK_SIZE + 123);
        Path file = Files.write(root.resolve("big.bin"), content);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        List<Long> progress = new CopyOnWriteArrayList<>();

        FileService.ReadResult result = files.read(MACHINE, file.toString(), 0, 0, sink, progress::add);

        assertThat(sink.toByteArray()).isEqualTo(content);
        assertThat(result.bytes()).isEqualTo(content.length);
        assertThat(result.info().getSize()).isEqualTo(content.length);
        assertThat(result.info().getPath()).isEqualTo(file.toString());
        assertThat(progress).hasSizeGreaterThan(1).isSorted().last().isEqualTo((long) content.length);
    }

    @Test
    void aRangedReadReturnsOnlyThatRange() throws IOException {
        Path file = Files.writeString(root.resolve("abc.txt"), "0123456789");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        FileService.ReadResult result = files.read(MACHINE, file.toString(), 3, 4, sink, n -> { });

        assertThat(sink.toString()).isEqualTo("3456");
        assertThat(result.bytes()).isEqualTo(4);
    }

    @Test
    void aDownloadLandsWholeAndLeavesNoPartFile(@TempDir Path local) throws IOException {
        byte[] content = randomBytes(3 * FileService.CHUNK_SIZE);
        Path file = Files.write(root.resolve("image.bin"), content);

        files.download(MACHINE, file.toString(), local.resolve("copy.bin"), n -> { });

        assertThat(local.resolve("copy.bin")).hasBinaryContent(content);
        try (var left = Files.list(local)) {
            assertThat(left).containsExactly(local.resolve("copy.bin"));
        }
    }

    @Test
    void aWriteManyTimesTheTransportWindowArrivesWholeInOrderAndIsAudited() throws IOException {
        // 8 MiB is far more than a stream's flow-control window: the upload must wait for the agent to ask for more
        byte[] content = randomBytes(8 * 1024 * 1024 + 17);
        Path target = root.resolve("sub/upload.bin");
        List<Long> progress = new CopyOnWriteArrayList<>();

        WriteFileResponse response = files.write(MACHINE, target.toString(), new ByteArrayInputStream(content), 0640, true,
                progress::add);

        assertThat(target).hasBinaryContent(content);
        assertThat(response.getBytesWritten()).isEqualTo(content.length);
        assertThat(response.getPath()).isEqualTo(target.toString());
        assertThat(progress).isSorted().last().isEqualTo((long) content.length);
        assertThat(Files.readString(new fr.interrupt.meshcp.hub.HubPaths(fleet.hub().dataDir()).auditLog())).contains("\"write_file\"").contains(target.toString());
    }

    @Test
    void anUploadFromALocalFileReplacesTheRemoteOne(@TempDir Path local) throws IOException {
        Path source = Files.writeString(local.resolve("new.conf"), "new\n");
        Path target = Files.writeString(root.resolve("app.conf"), "old\n");

        files.upload(MACHINE, source, target.toString(), null, false, n -> { });

        assertThat(target).hasContent("new");
    }

    @Test
    void listPagesThroughADirectoryInNameOrder() throws IOException {
        for (String name : List.of("e", "b", "d", "a", "c")) {
            Files.writeString(root.resolve(name), name);
        }
        List<String> names = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            FileService.ListPage page = files.list(MACHINE, root.toString(), token, 2);
            page.entries().forEach(e -> names.add(e.getName()));
            assertThat(page.totalEntries()).isEqualTo(5);
            token = page.nextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(names).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void statDescribesAFileAndADirectory() throws IOException {
        Path file = Files.writeString(root.resolve("notes.txt"), "hello");

        FileInfo info = files.stat(MACHINE, file.toString());
        FileInfo dir = files.stat(MACHINE, root.toString());

        assertThat(info.getName()).isEqualTo("notes.txt");
        assertThat(info.getType()).isEqualTo(FileType.REGULAR);
        assertThat(info.getSize()).isEqualTo(5);
        assertThat(dir.getType()).isEqualTo(FileType.DIRECTORY);
    }

    @Test
    void aPathOutsideAllowedPathsIsRefusedWithTheAgentsSentence() {
        assertThatThrownBy(() -> files.stat(MACHINE, "/etc/hostname"))
                .isInstanceOfSatisfying(MeshcpException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshcpException.Kind.REFUSED);
                    assertThat(e.getMessage()).isEqualTo("web-1: path /etc/hostname is outside allowed_paths");
                });
    }

    @Test
    void aMissingFileIsNotFoundAndTheDownloadLeavesNothing(@TempDir Path local) {
        assertThatThrownBy(() -> files.download(MACHINE, root.resolve("missing").toString(), local.resolve("x"), n -> { }))
                .isInstanceOfSatisfying(MeshcpException.class, e -> {
                    assertThat(e.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo("web-1: no such file: " + root.resolve("missing"));
                });
        assertThat(local).isEmptyDirectory();
    }
}
