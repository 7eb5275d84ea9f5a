package fr.interrupt.meshcp.agent.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files capability walks paths with descriptors held from {@code /}: a directory swapped for a symlink to the
 * outside after the walk (the step a racing attacker takes between check and use) changes nothing for a read or a
 * write already under way, and symlinks are followed by the walk itself. Real files in a temp dir: allowed/box
 * (with data.txt) and allowed/box.link -> outside (with its own data.txt).
 */
class PathWalkTest {
    @TempDir
    Path temp;

    private Path allowed;
    private Path outside;
    private Path box;
    private FileOperations files;

    @BeforeEach
    void layout() throws IOException {
        allowed = Files.createDirectory(temp.resolve("allowed")).toRealPath();
        outside = Files.createDirectory(temp.resolve("outside")).toRealPath();
        box = Files.createDirectory(allowed.resolve("box"));
        Files.writeString(box.resolve("data.txt"), "inside");
        Files.writeString(outside.resolve("data.txt"), "OUTSIDE");
        Files.createSymbolicLink(allowed.resolve("box.link"), outside);
        files = FileOperations.create(new FilesConfig(true, 1, List.of(allowed)), new PathPolicy(List.of(allowed)), OwnFiles.none());
    }

    /** What an attacker who owns allowed/ does between the agent's check and its use: box becomes a link to outside. */
    private Path swapBoxForTheLink() throws IOException {
        Path parked = Files.move(box, allowed.resolve("box.real"));
        Files.move(allowed.resolve("box.link"), box);
        return parked;
    }

    @Test
    void aWriteUnderWayLandsInTheDirectoryThatWasCheckedNotWhereItsPathLeadsNow() throws IOException {
        WriteSession session = files.writer().begin(box + "/new.txt", null, false);
        session.write(ByteBuffer.wrap("written".getBytes(StandardCharsets.UTF_8)));
        Path parked = swapBoxForTheLink();

        session.commit();

        assertThat(names(outside)).containsExactly("data.txt");
        assertThat(Files.readString(parked.resolve("new.txt"))).isEqualTo("written");
        assertThat(names(parked)).containsExactlyInAnyOrder("data.txt", "new.txt");
    }

    @Test
    void anAbortedWriteDeletesItsTempFileInTheCheckedDirectory() throws IOException {
        WriteSession session = files.writer().begin(box + "/new.txt", null, false);
        Path parked = swapBoxForTheLink();

        session.abort();

        assertThat(names(parked)).containsExactly("data.txt");
        assertThat(names(outside)).containsExactly("data.txt");
    }

    @Test
    void aReadOpenedBeforeTheSwapReadsTheCheckedFile() throws IOException {
        try (OpenedFile opened = files.reader().open(box + "/data.txt", 0, 0)) {
            swapBoxForTheLink();
            assertThat(new String(opened.nextChunk(), StandardCharsets.UTF_8)).isEqualTo("inside");
        }
    }

    @Test
    void afterTheSwapThePathIsOutsideForEveryOperation() throws IOException {
        swapBoxForTheLink();
        String resolves = "path " + box + "/data.txt resolves to " + outside.resolve("data.txt") + ", outside allowed_paths";

        assertThatThrownBy(() -> files.reader().open(box + "/data.txt", 0, 0)).hasMessage(resolves);
        assertThatThrownBy(() -> files.writer().begin(box + "/data.txt", null, false)).hasMessage(resolves);
        assertThatThrownBy(() -> files.writer().begin(box + "/deeper/x.txt", null, true)).isInstanceOf(Refusal.class)
                .hasMessageContaining("outside allowed_paths");
        assertThatThrownBy(() -> files.lister().list(box.toString(), 0, null)).hasMessageContaining("outside allowed_paths");
        assertThat(names(outside)).containsExactly("data.txt");
    }

    @Test
    void aRelativeSymlinkWithDotDotInsideAllowedPathsIsFollowed() throws IOException {
        Path sub = Files.createDirectory(allowed.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("alias"), Path.of("../box/data.txt"));

        try (OpenedFile opened = files.reader().open(sub + "/alias", 0, 0)) {
            assertThat(new String(opened.nextChunk(), StandardCharsets.UTF_8)).isEqualTo("inside");
            assertThat(opened.info().path()).isEqualTo(sub + "/alias");
        }
    }

    @Test
    void aSymlinkLoopIsRefusedWithASentence() throws IOException {
        Files.createSymbolicLink(allowed.resolve("a"), allowed.resolve("b"));
        Files.createSymbolicLink(allowed.resolve("b"), allowed.resolve("a"));

        assertThatThrownBy(() -> files.reader().open(allowed + "/a", 0, 0))
                .isInstanceOfSatisfying(Refusal.class, e -> assertThat(e.kind()).isEqualTo(Refusal.Kind.INVALID_ARGUMENT))
                .hasMessage("too many levels of symbolic links: " + allowed + "/a");
    }

    @Test
    void missingParentsAreCreatedOneByOneInsideTheCheckedDirectory() throws IOException {
        WriteSession session = files.writer().begin(box + "/a/b/c/new.txt", 0600, true);
        session.write(ByteBuffer.wrap("deep".getBytes(StandardCharsets.UTF_8)));
        session.commit();

        assertThat(Files.readString(box.resolve("a/b/c/new.txt"))).isEqualTo("deep");
    }

    @Test
    void aDirectoryIsNeverCreatedThroughASymlinkInItsParentPath() throws IOException {
        Path linked = allowed.resolve("box.link");

        assertThatThrownBy(() -> NoFollowDirectories.create(linked, "made")).isInstanceOf(IOException.class);
        assertThat(names(outside)).containsExactly("data.txt");

        NoFollowDirectories.create(box, "made");
        assertThat(box.resolve("made")).isDirectory();
    }

    @Test
    void theRootCanBeListedAndStattedWhenAllowedPathsIsEmpty() {
        FileOperations any = FileOperations.create(FilesConfig.DEFAULT, new PathPolicy(List.of()), OwnFiles.none());

        assertThat(any.lister().list("/", 0, null).entries()).extracting(FileMeta::name).contains("tmp");
        assertThat(any.statter().stat("/").kind()).isEqualTo(FileMeta.Kind.DIRECTORY);
        assertThatThrownBy(() -> any.reader().open("/", 0, 0)).hasMessage("/ is a directory, not a file: list it instead");
        assertThatThrownBy(() -> any.writer().begin("/", null, false)).hasMessage("cannot write to /");
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
