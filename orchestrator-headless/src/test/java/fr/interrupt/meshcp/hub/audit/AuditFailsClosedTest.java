package fr.interrupt.meshcp.hub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An action that cannot be recorded in audit.log does not happen. */
class AuditFailsClosedTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path work;

    private InProcessFleet fleet;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    private void breakAuditLog() throws Exception {
        Path audit = dataDir.resolve("audit.log");
        Files.deleteIfExists(audit);
        // a directory where the log should be: unwritable even for root, with no mock involved
        Files.createDirectory(audit);
    }

    @Test
    void execJobsFileWritesAndTokensAreRefusedAndNothingRuns() throws Exception {
        breakAuditLog();
        Path marker = work.resolve("ran");
        String touch = "touch " + marker;

        assertThatThrownBy(() -> fleet.hub().exec().run("web-1", ExecOptions.of(touch), ExecListener.IGNORE))
                .isInstanceOf(MeshcpException.class).hasMessageStartingWith("refused: the audit log ")
                .hasMessageContaining("does not run an action it cannot record");
        assertThatThrownBy(() -> fleet.hub().jobs().start("web-1", ExecOptions.of(touch)))
                .hasMessageStartingWith("refused: the audit log ");
        assertThatThrownBy(() -> fleet.hub().files().write("web-1", work.resolve("f.txt").toString(),
                new ByteArrayInputStream(new byte[] {1}), null, false, n -> { }))
                .hasMessageStartingWith("refused: the audit log ");
        assertThatThrownBy(() -> fleet.hub().tokens().create("web-2", Duration.ofMinutes(5)))
                .hasMessageStartingWith("refused: the audit log ");

        assertThat(marker).doesNotExist();
        assertThat(work.resolve("f.txt")).doesNotExist();
        assertThat(fleet.hub().tokens().list()).isEmpty();
    }

    @Test
    void aFullDiskRefusesToo() throws Exception {
        Path small = Files.createDirectory(work.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeThat(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0).as("tmpfs can be mounted here").isTrue();
        try (InProcessFleet onSmallDisk = InProcessFleet.open(small.resolve("hub"))) {
            onSmallDisk.addAgent("web-1", Capabilities.DEFAULT);
            Files.write(small.resolve("filler"), new byte[200 * 1024]);

            assertThatThrownBy(() -> onSmallDisk.hub().exec().run("web-1", ExecOptions.of("true"), ExecListener.IGNORE))
                    .hasMessageContaining("its disk is full");
        } finally {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
