package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.proto.agent.v1.FileChunk;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesResponse;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.StatFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileHeader;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesTest {
    @TempDir
    Path temp;

    private Path dir;
    private Path outside;
    private AgentFixture agent;

    @BeforeEach
    void layout() throws Exception {
        dir = Files.createDirectory(temp.resolve("allowed")).toRealPath();
        outside = Files.createDirectory(temp.resolve("outside")).toRealPath();
        Files.writeString(outside.resolve("secret.txt"), "top secret");
        Files.createDirectory(temp.resolve("allowed2"));
        Files.createDirectory(temp.resolve("allowed-evil"));
        Files.writeString(temp.resolve("allowed2/x"), "not yours");
        Files.writeString(temp.resolve("allowed-evil/x"), "not yours");
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private void start(FilesConfig files) throws Exception {
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withFiles(files));
    }

    private void startRestricted() throws Exception {
        start(new FilesConfig(true, 1, List.of(dir)));
    }

    @Test
    void readsAFileInChunksOf64KiBWithItsInfoFirst() throws Exception {
        startRestricted();
        byte[] content = randomBytes(200_000);
        Files.write(dir.resolve("data.bin"), content);

        List<FileChunk> chunks = readChunks(ReadFileRequest.newBuilder().setPath(dir + "/data.bin").build());

        assertThat(chunks).hasSize(4);
        assertThat(chunks.get(0).getData().size()).isEqualTo(64 * 1024);
        assertThat(chunks.get(0).hasInfo()).isTrue();
        assertThat(chunks.get(1).hasInfo()).isFalse();
        FileInfo info = chunks.get(0).getInfo();
        assertThat(info.getName()).isEqualTo("data.bin");
        assertThat(info.getPath()).isEqualTo(dir + "/data.bin");
        assertThat(info.getType()).isEqualTo(FileType.REGULAR);
        assertThat(info.getSize()).isEqualTo(200_000);
        assertThat(concat(chunks)).isEqualTo(content);
        assertThat(chunks.get(3).getOffset()).isEqualTo(3 * 64 * 1024);
    }

    @Test
    void readsARangeWithOffsetAndLength() throws Exception {
        startRestricted();
        Files.writeString(dir.resolve("abc.txt"), "abcdefghij");

        List<FileChunk> chunks = readChunks(ReadFileRequest.newBuilder().setPath(dir + "/abc.txt").setOffset(2).setLength(5).build());

        assertThat(new String(concat(chunks), StandardCharsets.UTF_8)).isEqualTo("cdefg");
        assertThat(chunks.get(0).getOffset()).isEqualTo(2);
    }

    @Test
    void anEmptyFileGivesOneChunkWithItsInfo() throws Exception {
        startRestricted();
        Files.createFile(dir.resolve("empty"));

        List<FileChunk> chunks = readChunks(ReadFileRequest.newBuilder().setPath(dir + "/empty").build());

        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).getInfo().getSize()).isZero();
    }

    @Test
    void writesAFileAtomicallyWithItsModeAndReadsItBack() throws Exception {
        startRestricted();
        byte[] content = randomBytes(300_000);

        WriteFileResponse written = write(dir + "/new/sub/file.bin", 0640, true, content);

        Path file = dir.resolve("new/sub/file.bin");
        assertThat(written.getBytesWritten()).isEqualTo(300_000);
        assertThat(written.getPath()).isEqualTo(file.toString());
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(concat(readChunks(ReadFileRequest.newBuilder().setPath(file.toString()).build()))).isEqualTo(content);
        assertThat(leftovers(file.getParent())).isEmpty();
    }

    @Test
    void readingADirectorySaysSoWithoutNamingAnRpc() throws Exception {
        startRestricted();

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir.toString()).build()),
                Status.Code.FAILED_PRECONDITION, dir + " is a directory, not a file: list it instead");
    }

    @Test
    void replacingAFileKeepsItsModeWhenNoneIsGiven() throws Exception {
        startRestricted();
        Path file = dir.resolve("script.sh");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));

        write(file.toString(), null, false, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
    }

    @Test
    void aNewFileGets0644WhenNoModeIsGiven() throws Exception {
        startRestricted();

        write(dir + "/plain.txt", null, false, "x".getBytes(StandardCharsets.UTF_8));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("plain.txt")))).isEqualTo("rw-r--r--");
    }

    @Test
    void aWriteOneByteOverTheLimitIsRefusedAndLeavesNothing() throws Exception {
        startRestricted();
        Path target = dir.resolve("big.bin");
        Files.writeString(target, "previous");

        assertThatThrownBy(() -> write(target.toString(), null, false, new byte[1024 * 1024 + 1]))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("file exceeds max_file_size_mb (1 MiB)");
                });
        assertThat(Files.readString(target)).isEqualTo("previous");
        assertThat(leftovers(dir)).isEmpty();

        write(target.toString(), null, false, new byte[1024 * 1024]);
        assertThat(Files.size(target)).isEqualTo(1024 * 1024);
    }

    @Test
    void aWriteWithoutHeaderOrWithASetuidModeIsRefused() throws Exception {
        startRestricted();

        assertWriteRefused(List.of(WriteFileRequest.newBuilder().setData(ByteString.copyFromUtf8("x")).build()), Status.Code.INVALID_ARGUMENT,
                "the first message must be the header (path, mode, create_parents)");
        assertWriteRefused(List.of(header(dir + "/suid", 04755, false)), Status.Code.INVALID_ARGUMENT,
                "mode must be between 0 and 0777 (setuid, setgid and sticky bits are refused), got 04755");
        assertWriteRefused(List.of(header(dir + "/missing/x", null, false)), Status.Code.NOT_FOUND,
                "no such directory: " + dir + "/missing (the write can create missing parent directories when asked to)");
    }

    @Test
    void listsSortedAndPaginated() throws Exception {
        startRestricted();
        for (String name : List.of("c.txt", "a.txt", "e.txt", "b.txt", "d.txt")) {
            Files.writeString(dir.resolve(name), name);
        }
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), outside.resolve("secret.txt"));

        List<String> names = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListFilesResponse page = agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(dir.toString()).setPageSize(3).setPageToken(token).build());
            page.getEntriesList().forEach(e -> names.add(e.getName()));
            assertThat(page.getTotalEntries()).isEqualTo(7);
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        assertThat(pages).isEqualTo(3);
        assertThat(names).containsExactly("a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "link", "sub");
        ListFilesResponse all = agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(dir.toString()).build());
        FileInfo link = all.getEntriesList().stream().filter(e -> e.getName().equals("link")).findFirst().orElseThrow();
        assertThat(link.getType()).isEqualTo(FileType.SYMLINK);
        assertThat(link.getSymlinkTarget()).isEqualTo(outside.resolve("secret.txt").toString());
        FileInfo sub = all.getEntriesList().stream().filter(e -> e.getName().equals("sub")).findFirst().orElseThrow();
        assertThat(sub.getType()).isEqualTo(FileType.DIRECTORY);
        FileInfo a = all.getEntries(0);
        assertThat(a.getSize()).isEqualTo(5);
        assertThat(a.getPath()).isEqualTo(dir + "/a.txt");
        assertThat(a.getModifiedMillis()).isPositive();
        assertThat(all.getNextPageToken()).isEmpty();
    }

    @Test
    void aForgedPageTokenIsRefused() throws Exception {
        startRestricted();

        assertThatThrownBy(() -> agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(dir.toString()).setPageToken("%%%").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }

    @Test
    void statsAFileAndASymlinkAsItself() throws Exception {
        startRestricted();
        Files.writeString(dir.resolve("f.txt"), "hello");
        Files.setPosixFilePermissions(dir.resolve("f.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createSymbolicLink(dir.resolve("out"), outside.resolve("secret.txt"));

        FileInfo f = agent.blocking().statFile(StatFileRequest.newBuilder().setPath(dir + "/f.txt").build());
        FileInfo link = agent.blocking().statFile(StatFileRequest.newBuilder().setPath(dir + "/out").build());

        assertThat(f.getType()).isEqualTo(FileType.REGULAR);
        assertThat(f.getSize()).isEqualTo(5);
        assertThat(f.getMode()).isEqualTo(0640);
        assertThat(link.getType()).isEqualTo(FileType.SYMLINK);
        assertThat(link.getSymlinkTarget()).isEqualTo(outside.resolve("secret.txt").toString());
    }

    @Test
    void aMissingFileIsNotFound() throws Exception {
        startRestricted();

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir + "/nope").build()), Status.Code.NOT_FOUND, "no such file: " + dir + "/nope");
        assertRefused(() -> agent.blocking().statFile(StatFileRequest.newBuilder().setPath(dir + "/nope").build()), Status.Code.NOT_FOUND,
                "no such file: " + dir + "/nope");
    }

    @Test
    void dotDotOutOfTheAllowedDirectoryIsRefused() throws Exception {
        startRestricted();
        String path = dir + "/../outside/secret.txt";

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(path).build()), Status.Code.PERMISSION_DENIED,
                "path " + outside.resolve("secret.txt") + " is outside allowed_paths");
        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir + "/../../../../../../etc/passwd").build()),
                Status.Code.PERMISSION_DENIED, "path /etc/passwd is outside allowed_paths");
        assertRefused(() -> write(dir + "/../outside/new.txt", null, false, new byte[1]), Status.Code.PERMISSION_DENIED, null);
        assertThat(outside.resolve("new.txt")).doesNotExist();
    }

    @Test
    void aSiblingWithTheSamePrefixIsNotInside() throws Exception {
        startRestricted();

        for (String sibling : List.of("allowed2", "allowed-evil")) {
            Path x = temp.toRealPath().resolve(sibling).resolve("x");
            assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(x.toString()).build()), Status.Code.PERMISSION_DENIED,
                    "path " + x + " is outside allowed_paths");
            assertRefused(() -> write(x.toString(), null, false, "owned".getBytes(StandardCharsets.UTF_8)), Status.Code.PERMISSION_DENIED,
                    "path " + x + " is outside allowed_paths");
            assertRefused(() -> agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(x.getParent().toString()).build()),
                    Status.Code.PERMISSION_DENIED, null);
            assertThat(Files.readString(x)).isEqualTo("not yours");
        }
    }

    @Test
    void aSymlinkPointingOutIsRefusedForReadAndWrite() throws Exception {
        startRestricted();
        Files.createSymbolicLink(dir.resolve("escape"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("escape-dir"), outside);

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir + "/escape").build()), Status.Code.PERMISSION_DENIED,
                "path " + dir + "/escape resolves to " + outside.resolve("secret.txt") + ", outside allowed_paths");
        assertRefused(() -> write(dir + "/escape", null, false, "owned".getBytes(StandardCharsets.UTF_8)), Status.Code.PERMISSION_DENIED, null);
        assertRefused(() -> write(dir + "/escape-dir/new.txt", null, false, "owned".getBytes(StandardCharsets.UTF_8)), Status.Code.PERMISSION_DENIED, null);
        assertRefused(() -> write(dir + "/escape-dir/deeper/new.txt", null, true, "owned".getBytes(StandardCharsets.UTF_8)),
                Status.Code.PERMISSION_DENIED, null);
        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir + "/escape-dir/secret.txt").build()), Status.Code.PERMISSION_DENIED, null);
        assertThat(Files.readString(outside.resolve("secret.txt"))).isEqualTo("top secret");
        assertThat(outside.resolve("new.txt")).doesNotExist();
        assertThat(outside.resolve("deeper")).doesNotExist();
        assertThat(leftovers(outside)).isEmpty();
    }

    @Test
    void aSymlinkInsideTheAllowedDirectoryIsFollowedForWrite() throws Exception {
        startRestricted();
        Files.writeString(dir.resolve("target.txt"), "old");
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("target.txt"));

        write(dir + "/alias", null, false, "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.isSymbolicLink(dir.resolve("alias"))).isTrue();
        assertThat(Files.readString(dir.resolve("target.txt"))).isEqualTo("new");
    }

    @Test
    void aDanglingSymlinkToOutsideIsNeverFollowedToCreateAFile() throws Exception {
        startRestricted();
        Path wouldBeCreated = outside.resolve("created-through-link.txt");
        Files.createSymbolicLink(dir.resolve("dangling"), wouldBeCreated);

        assertRefused(() -> write(dir + "/dangling", null, false, "owned".getBytes(StandardCharsets.UTF_8)), Status.Code.PERMISSION_DENIED,
                "refusing to write " + dir + "/dangling: it is a symlink to a file that does not exist");
        assertThat(wouldBeCreated).doesNotExist();
        assertThat(Files.isSymbolicLink(dir.resolve("dangling"))).isTrue();
    }

    @Test
    void relativePathsAndNulBytesAreRefused() throws Exception {
        startRestricted();

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath("allowed/x").build()), Status.Code.INVALID_ARGUMENT,
                "path must be absolute: allowed/x");
        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(dir + "/x\0/etc/passwd").build()), Status.Code.INVALID_ARGUMENT,
                "path contains a NUL byte");
        assertRefused(() -> write("relative.txt", null, false, new byte[1]), Status.Code.INVALID_ARGUMENT, "path must be absolute: relative.txt");
        assertRefused(() -> agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath("").build()), Status.Code.INVALID_ARGUMENT, "path is empty");
    }

    @Test
    void devicesAndFifosAreRefusedWithoutHanging() throws Exception {
        start(FilesConfig.DEFAULT);
        Path fifo = dir.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath("/dev/zero").build()), Status.Code.PERMISSION_DENIED,
                "refusing to read /dev/zero: it is a character device, not a regular file");
        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(fifo.toString()).build()), Status.Code.PERMISSION_DENIED,
                "refusing to read " + fifo + ": it is a FIFO, not a regular file");
        assertRefused(() -> write(fifo.toString(), null, false, new byte[1]), Status.Code.PERMISSION_DENIED,
                "refusing to write " + fifo + ": it is a FIFO, not a regular file");
        assertRefused(() -> write("/dev/null", null, false, new byte[1]), Status.Code.PERMISSION_DENIED,
                "refusing to write /dev/null: it is a character device, not a regular file");
    }

    @Test
    void devicesOutsideAllowedPathsAreOutside() throws Exception {
        startRestricted();

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath("/dev/zero").build()), Status.Code.PERMISSION_DENIED,
                "path /dev/zero is outside allowed_paths");
    }

    @Test
    void withoutAllowedPathsAnyAbsolutePathIsAllowed() throws Exception {
        start(FilesConfig.DEFAULT);

        assertThat(new String(concat(readChunks(ReadFileRequest.newBuilder().setPath(outside + "/secret.txt").build())), StandardCharsets.UTF_8))
                .isEqualTo("top secret");
    }

    @Test
    void aDisabledFilesCapabilityRefusesEverything() throws Exception {
        start(new FilesConfig(false, 50, List.of()));
        String message = "files is disabled on this machine (capabilities.files.enabled in agent.yaml)";

        assertRefused(() -> readChunks(ReadFileRequest.newBuilder().setPath(outside + "/secret.txt").build()), Status.Code.FAILED_PRECONDITION, message);
        assertRefused(() -> write(outside + "/x", null, false, new byte[1]), Status.Code.FAILED_PRECONDITION, message);
        assertRefused(() -> agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(outside.toString()).build()),
                Status.Code.FAILED_PRECONDITION, message);
        assertRefused(() -> agent.blocking().statFile(StatFileRequest.newBuilder().setPath(outside.toString()).build()),
                Status.Code.FAILED_PRECONDITION, message);
    }

    private List<FileChunk> readChunks(ReadFileRequest request) {
        List<FileChunk> chunks = new ArrayList<>();
        Iterator<FileChunk> it = agent.blocking().readFile(request);
        it.forEachRemaining(chunks::add);
        return chunks;
    }

    private static byte[] concat(List<FileChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.getData().toByteArray()));
        return out.toByteArray();
    }

    private static WriteFileRequest header(String path, Integer mode, boolean createParents) {
        WriteFileHeader.Builder h = WriteFileHeader.newBuilder().setPath(path).setCreateParents(createParents);
        if (mode != null) {
            h.setMode(mode);
        }
        return WriteFileRequest.newBuilder().setHeader(h).build();
    }

    @Test
    void aTempFileSwappedForASymlinkDuringAnUploadNeverChangesTheLinkedFilesMode() throws Exception {
        start(new FilesConfig(true, 50, List.of()));
        Path victim = outside.resolve("victim");
        Files.writeString(victim, "root only");
        Files.setPosixFilePermissions(victim, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        CompletableFuture<WriteFileResponse> done = new CompletableFuture<>();
        StreamObserver<WriteFileRequest> requests = agent.async().writeFile(new StreamObserver<>() {
            @Override
            public void onNext(WriteFileResponse value) {
                done.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(null);
            }
        });
        requests.onNext(header(dir.resolve("x.sh").toString(), 0755, false));
        requests.onNext(WriteFileRequest.newBuilder().setData(ByteString.copyFromUtf8("echo hi\n")).build());
        Path tempFile = null;
        for (int i = 0; i < 100 && tempFile == null; i++) {
            try (var listing = Files.list(dir)) {
                tempFile = listing.filter(p -> p.getFileName().toString().endsWith(".tmp")).findFirst().orElse(null);
            }
            Thread.sleep(20);
        }
        assertThat(tempFile).as("the upload's temp file").isNotNull();
        // what the owner of the destination directory can do while the upload runs
        Files.delete(tempFile);
        Files.createSymbolicLink(tempFile, victim);
        requests.onCompleted();

        assertThatThrownBy(() -> done.get(30, TimeUnit.SECONDS)).hasMessageContaining("temporary file was replaced");
        assertThat(Files.getPosixFilePermissions(victim)).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(victim)).isEqualTo("root only");
    }

    private WriteFileResponse write(String path, Integer mode, boolean createParents, byte[] content) throws Exception {
        List<WriteFileRequest> parts = new ArrayList<>();
        parts.add(header(path, mode, createParents));
        for (int i = 0; i < content.length; i += 64 * 1024) {
            parts.add(WriteFileRequest.newBuilder().setData(ByteString.copyFrom(content, i, Math.min(64 * 1024, content.length - i))).build());
        }
        return send(parts);
    }

    private WriteFileResponse send(List<WriteFileRequest> parts) throws Exception {
        return agent.writeFile(parts);
    }

    private void assertWriteRefused(List<WriteFileRequest> parts, Status.Code code, String description) {
        assertRefused(() -> send(parts), code, description);
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static void assertRefused(Call call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (description != null) {
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
            }
        });
    }

    private static List<Path> leftovers(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(p -> p.getFileName().toString().contains(".meshcp-")).toList();
        }
    }

    private static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(42).nextBytes(data);
        return data;
    }
}
