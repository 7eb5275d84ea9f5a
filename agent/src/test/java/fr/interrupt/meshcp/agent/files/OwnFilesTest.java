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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's own files (agent.yaml, the creds dir, its program) are never read or written through the files
 * capability, with allowed_paths empty (the default) or covering them. Real files in a temp dir laid out like
 * /etc/meshcp: agent.yaml beside creds/{ca.crt,agent.crt,agent.key}.
 */
class OwnFilesTest {
    private static final String OWN = "it is one of the agent's own files (its configuration, credentials or program), "
            + "which the files capability never serves";

    @TempDir
    Path temp;

    private Path etc;
    private Path config;
    private Path creds;
    private Path key;
    private FileOperations files;

    @BeforeEach
    void layout() throws IOException {
        etc = Files.createDirectory(temp.resolve("meshcp")).toRealPath();
        config = Files.writeString(etc.resolve("agent.yaml"), "machine_name: web-1\n");
        creds = Files.createDirectory(etc.resolve("creds"));
        key = Files.writeString(creds.resolve("agent.key"), "-----BEGIN PRIVATE KEY-----\n");
        Files.writeString(creds.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
        files = operations(List.of());
    }

    private FileOperations operations(List<Path> allowedPaths) {
        FilesConfig config = new FilesConfig(true, 1, allowedPaths);
        return FileOperations.create(config, new PathPolicy(allowedPaths), OwnFiles.of(this.config, creds));
    }

    @Test
    void theKeyIsUnreadableWithAllowedPathsEmpty() {
        assertThatThrownBy(() -> files.reader().open(key.toString(), 0, 0))
                .isInstanceOf(Refusal.class)
                .hasMessage("refusing to read " + key + ": " + OWN)
                .extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.PERMISSION_DENIED);
    }

    @Test
    void theKeyIsUnreadableEvenWhenAllowedPathsCoverIt() {
        FileOperations covering = operations(List.of(etc));
        assertThatThrownBy(() -> covering.reader().open(key.toString(), 0, 0)).hasMessage("refusing to read " + key + ": " + OWN);
        assertThatThrownBy(() -> covering.reader().open(creds + "/../creds/./ca.crt", 0, 0)).hasMessageContaining(OWN);
    }

    @Test
    void aSymlinkOrAHardLinkToTheKeyDoesNotReadIt() throws IOException {
        Path elsewhere = Files.createDirectory(temp.resolve("public"));
        Path symlink = Files.createSymbolicLink(elsewhere.resolve("k.pem"), key);
        Path hardLink = Files.createLink(elsewhere.resolve("copy.pem"), key);

        assertThatThrownBy(() -> files.reader().open(symlink.toString(), 0, 0)).hasMessage("refusing to read " + symlink + ": " + OWN);
        assertThatThrownBy(() -> files.reader().open(hardLink.toString(), 0, 0)).hasMessage("refusing to read " + hardLink + ": " + OWN);
    }

    @Test
    void agentYamlIsNeitherReadableNorWritableAndStaysAsItWas() throws IOException {
        assertThatThrownBy(() -> files.reader().open(config.toString(), 0, 0)).hasMessage("refusing to read " + config + ": " + OWN);
        assertThatThrownBy(() -> files.writer().begin(config.toString(), null, false)).hasMessage("refusing to write " + config + ": " + OWN);

        assertThat(Files.readString(config)).isEqualTo("machine_name: web-1\n");
        try (var entries = Files.list(etc)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("agent.yaml", "creds");
        }
    }

    @Test
    void agentYamlIsNotWritableThroughASymlinkToIt() throws IOException {
        Path elsewhere = Files.createDirectory(temp.resolve("public"));
        Path link = Files.createSymbolicLink(elsewhere.resolve("innocent.yaml"), config);

        assertThatThrownBy(() -> files.writer().begin(link.toString(), null, false)).hasMessage("refusing to write " + link + ": " + OWN);
        assertThat(Files.readString(config)).isEqualTo("machine_name: web-1\n");
    }

    @Test
    void nothingIsCreatedInsideTheCredsDirNotEvenItsParents() {
        assertThatThrownBy(() -> files.writer().begin(creds + "/agent.crt.new", null, false)).hasMessageContaining(OWN);
        assertThatThrownBy(() -> files.writer().begin(creds + "/sub/dir/x", null, true)).hasMessageContaining(OWN);
        assertThat(creds.resolve("sub")).doesNotExist();
    }

    @Test
    void theCredsDirIsComparedComponentByComponent() throws IOException {
        Path sibling = Files.createDirectory(etc.resolve("creds2"));
        Path file = Files.writeString(sibling.resolve("notes.txt"), "mine");

        try (OpenedFile opened = files.reader().open(file.toString(), 0, 0)) {
            assertThat(new String(opened.nextChunk(), StandardCharsets.UTF_8)).isEqualTo("mine");
        }
        WriteSession session = files.writer().begin(etc.resolve("other.yaml").toString(), null, false);
        session.write(ByteBuffer.wrap("x: 1\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(session.commit()).isEqualTo(5);
    }

    @Test
    void theCredsDirCanStillBeListedAndItsEntriesStatted() {
        assertThat(files.lister().list(creds.toString(), 0, null).entries()).extracting(FileMeta::name)
                .containsExactly("agent.key", "ca.crt");
        assertThat(files.statter().stat(key.toString()).size()).isEqualTo(28);
    }

    @Test
    void theAgentsOwnProgramIsProtected() throws Exception {
        List<Path> program = OwnFiles.programDirs();
        assertThat(program).isNotEmpty();
        Path classFile = Path.of(OwnFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("fr/interrupt/meshcp/agent/files/OwnFiles.class");
        if (Files.isRegularFile(classFile)) {
            assertThatThrownBy(() -> files.reader().open(classFile.toString(), 0, 0)).hasMessageContaining(OWN);
        }
        assertThat(OwnFiles.of(config, creds).covers(program.get(0))).isTrue();
    }

    @Test
    void anInstalledAgentProtectsItsWholeInstallationDirectory() throws IOException {
        Path app = Files.createDirectories(temp.resolve("opt/meshcp-agent"));
        OwnFiles own = OwnFiles.of(List.of(config, creds, app, app.resolve("runtime")));

        assertThat(own.covers(app.resolve("lib/agent-1.0.jar"))).isTrue();
        assertThat(own.covers(app.resolve("bin/meshcp-agent"))).isTrue();
        assertThat(own.covers(temp.resolve("opt/meshcp-agent2/x"))).isFalse();
    }
}
