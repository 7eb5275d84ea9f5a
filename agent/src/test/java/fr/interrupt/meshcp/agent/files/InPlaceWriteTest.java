package fr.interrupt.meshcp.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InPlaceWriteTest {
    @TempDir
    Path dir;

    private long write(Path path, String content, Integer mode) {
        FileWriter writer = new FileWriter(new FilesConfig(true, 1, List.of(dir), true), new PathPolicy(List.of(dir)));
        WriteSession session = writer.begin(path.toString(), mode, false);
        session.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        lastReason = session.inPlaceReason();
        return session.commit();
    }

    private String lastReason;

    @Test
    void underAllowedPathsAHardLinkedFileIsRefusedForReadAndWriteUnlessAllowed() throws IOException {
        Path file = Files.writeString(dir.resolve("c.conf"), "secret\n");
        Files.createLink(dir.resolve("d.conf"), file);
        FilesConfig strict = new FilesConfig(true, 1, List.of(dir));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileWriter(strict, new PathPolicy(List.of(dir)))
                        .begin(file.toString(), null, false))
                .hasMessageContaining("refusing to write " + file + ": it has 2 hard links")
                .hasMessageContaining("files.allow_hard_links: true");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileReader(strict, new PathPolicy(List.of(dir)))
                        .open(file.toString(), 0, 0))
                .hasMessageContaining("refusing to read " + file + ": it has 2 hard links");
        assertThat(Files.readString(file)).isEqualTo("secret\n");
    }

    @Test
    void aFileWithAnotherHardLinkIsRewrittenInPlaceAndKeepsItsInode() throws IOException {
        Path file = Files.writeString(dir.resolve("a.conf"), "old\n");
        Path link = Files.createLink(dir.resolve("b.conf"), file);
        Object inode = Files.getAttribute(file, "unix:ino");

        write(file, "new content\n", null);

        assertThat(lastReason).isEqualTo("2 links");
        assertThat(Files.readString(link)).isEqualTo("new content\n");
        assertThat(Files.getAttribute(file, "unix:ino")).isEqualTo(inode);
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.conf", "b.conf");
        }
    }

    @Test
    void aFileWithOneLinkIsStillReplacedByRename() throws IOException {
        Path file = Files.writeString(dir.resolve("solo.conf"), "old\n");
        Object inode = Files.getAttribute(file, "unix:ino");

        write(file, "new\n", null);

        assertThat(lastReason).isNull();
        assertThat(Files.readString(file)).isEqualTo("new\n");
        assertThat(Files.getAttribute(file, "unix:ino")).isNotEqualTo(inode);
    }

    @Test
    void mountinfoEscapesAreUndone() {
        assertThat(InPlaceTargets.unescape("/srv/my\\040file\\134x")).isEqualTo("/srv/my file\\x");
        assertThat(InPlaceTargets.unescape("/plain")).isEqualTo("/plain");
    }
}
