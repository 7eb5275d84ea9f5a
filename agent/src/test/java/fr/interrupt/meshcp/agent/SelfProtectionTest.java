package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real agent over mTLS, with the default files capability (allowed_paths empty) and a 1 MiB
 * max_file_size_mb: its creds are never read, a file over the limit is refused whole, and the capability it reports
 * says it protects its own files. One agent for the class: no test changes what another reads.
 */
class SelfProtectionTest {
    @TempDir
    static Path temp;
    private static Path creds;
    private static AgentFixture agent;

    @BeforeAll
    static void start() throws Exception {
        creds = Files.createDirectory(temp.resolve("creds")).toRealPath();
        Files.writeString(creds.resolve("agent.key"), "-----BEGIN PRIVATE KEY-----\n");
        agent = new AgentFixture(creds, Capabilities.DEFAULT.withFiles(new FilesConfig(true, 1, List.of())));
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theKeyIsRefusedWithAllowedPathsEmpty() {
        Path key = creds.resolve("agent.key");

        assertThatThrownBy(() -> agent.blocking().readFile(ReadFileRequest.newBuilder().setPath(key.toString()).build()).next())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("refusing to read " + key + ": it is one of the agent's own "
                            + "files (its configuration, credentials or program), which the files capability never serves");
                });
    }

    @Test
    void aFileOverMaxFileSizeIsRefusedWhole() throws Exception {
        Path big = Files.write(temp.resolve("big.log"), new byte[5_000_000]);

        assertThatThrownBy(() -> agent.blocking().readFile(ReadFileRequest.newBuilder().setPath(big.toString()).build()).next())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("refusing to read " + big + ": it is 4.8 MiB, over "
                            + "max_file_size_mb (1 MiB): read it in ranges of at most 1 MiB, from an offset");
                });
    }

    @Test
    void theCapabilitySaysTheAgentProtectsItsOwnFiles() {
        assertThat(agent.blocking().getSystemStatus(SystemStatusRequest.getDefaultInstance()).getCapabilities().getFiles()
                .getProtectsOwnFiles()).isTrue();
    }
}
