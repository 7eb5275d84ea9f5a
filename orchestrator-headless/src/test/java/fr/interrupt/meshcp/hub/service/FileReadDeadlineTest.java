package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.DockerConfig;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import fr.interrupt.meshcp.agent.files.FileOpener;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import fr.interrupt.meshcp.testsupport.NeverEndingReads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's deadlines on reads (issue 13, item 3), against the real agent service in-process whose file "kmsg" reads
 * as {@code /proc/kmsg} does (never ending, through the agent's opener seam) and whose "endless" file never pauses and
 * never ends: the first ends after the idle deadline with a sentence, the second at the total deadline; the agent's
 * thread is freed either way.
 */
class FileReadDeadlineTest {
    private static final String MACHINE = "web-1";
    private static final ReadDeadlines SHORT = new ReadDeadlines(Duration.ofSeconds(1), Duration.ofSeconds(3));

    @TempDir
    static Path dataDir;
    @TempDir
    static Path root;
    static final NeverEndingReads reads = new NeverEndingReads();
    static InProcessFleet fleet;
    static FileService files;

    @BeforeAll
    static void start() throws IOException {
        root = root.toRealPath();
        Files.writeString(root.resolve("kmsg"), "");
        Files.writeString(root.resolve("endless"), "");
        Files.writeString(root.resolve("hello.txt"), "hello\n");
        FileOpener opener = (dir, name, real) -> switch (real.getFileName().toString()) {
            case "kmsg" -> reads.open();
            case "endless" -> reads.openEndless(64 * 1024, Duration.ofMillis(50));
            default -> FileOpener.DIRECT.open(dir, name, real);
        };
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent(MACHINE, new Capabilities(ShellConfig.DEFAULT, new FilesConfig(true, 500, List.of(root)), SystemConfig.DEFAULT,
                DockerConfig.DEFAULT), opener);
        HubPaths paths = new HubPaths(dataDir);
        files = new FileService(MachineRegistry.at(paths), new AgentChannels(fleet.channelFactory()),
                new AuditLog(paths.auditLog(), "test", fleet.clock(), Json.mapper()), SHORT);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void aReadWithNoBytesForTheIdleDeadlineEndsWithASentenceAndFreesTheAgentsThread() {
        String kmsg = root.resolve("kmsg").toString();
        long start = System.nanoTime();

        assertThatThrownBy(() -> files.read(MACHINE, kmsg, 0, 0, OutputStream.nullOutputStream(), n -> { }))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.UNREACHABLE))
                .hasMessage("no data from web-1 for 1s while reading " + kmsg + " (0 B received): the read was stopped. "
                        + "The file may never end (like /proc/kmsg), or the machine stopped answering");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.blocked() == 0);
        assertThat(read("hello.txt")).isEqualTo("hello\n");
    }

    @Test
    void aReadThatNeverPausesEndsAtTheTotalDeadline() {
        String endless = root.resolve("endless").toString();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();

        assertThatThrownBy(() -> files.read(MACHINE, endless, 0, 0, sink, n -> { }))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.UNREACHABLE))
                .hasMessageStartingWith("reading " + endless + " from web-1 took longer than 3s, the longest a read may take: "
                        + "stopped after ");

        assertThat(sink.size()).as("bytes received before the deadline").isGreaterThan(64 * 1024);
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.blocked() == 0);
        assertThat(read("hello.txt")).isEqualTo("hello\n");
    }

    @Test
    void aSlowLocalConsumerIsNotTheAgentsSilence() {
        // the first chunk takes longer to write here than the idle deadline: the agent was not silent meanwhile
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                received.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (received.size() == 0) {
                    LockSupport.parkNanos(SHORT.idle().multipliedBy(3).dividedBy(2).toNanos()); // the consumer under test is slow
                }
                received.write(b, off, len);
            }
        };

        FileService.ReadResult result = files.read(MACHINE, root.resolve("endless").toString(), 0, 2 * 64 * 1024L, slow, n -> { });

        assertThat(result.bytes()).isEqualTo(2 * 64 * 1024L);
    }

    private static String read(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.read(MACHINE, root.resolve(name).toString(), 0, 0, out, n -> { });
        return out.toString(StandardCharsets.UTF_8);
    }
}
