package fr.interrupt.meshcp.desktop.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentLauncherTest {
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableWinsOverThePath() throws Exception {
        Path fromEnv = executable(dir.resolve("env/meshcp-agent"));
        executable(dir.resolve("path/meshcp-agent"));
        assertThat(AgentLauncher.find(null, Map.of("MESHCP_AGENT", fromEnv.toString(), "PATH", dir.resolve("path").toString()), null))
                .contains(fromEnv);
    }

    @Test
    void theAgentDistNextToTheAppIsFound() throws Exception {
        Path next = executable(dir.resolve("agent/bin/meshcp-agent"));
        assertThat(AgentLauncher.find(null, Map.of(), dir.resolve("orchestrator-desktop").toString())).contains(next);
    }

    @Test
    void anAppBuiltInACheckoutFindsTheAgentBuiltBesideIt() throws Exception {
        Path built = executable(dir.resolve("agent/target/dist/bin/meshcp-agent"));
        assertThat(AgentLauncher.find(null, Map.of("PATH", ""), dir.resolve("orchestrator-desktop/target/dist").toString())).contains(built);
    }

    @Test
    void nothingFoundIsEmpty() {
        assertThat(AgentLauncher.find(null, Map.of("PATH", dir.toString()), null)).isEmpty();
    }

    private static Path executable(Path path) throws Exception {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        return path;
    }
}
