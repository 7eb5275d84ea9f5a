package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exec --timeout against a real agent service (max_timeout_seconds 300 by default), in-process. */
class TimeoutLimitsTest {
    @TempDir
    Path dataDir;

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

    @Test
    void aTimeoutAboveTheAgentsLimitIsSaidBeforeRunning() {
        assertThat(TimeoutLimits.warnings(fleet.hub(), List.of("web-1"), 999)).containsExactly("web-1: --timeout 999 is "
                + "above its agent's limit (max_timeout_seconds: 300); the command runs and is killed after 300 s");
    }

    @Test
    void aTimeoutWithinTheLimitSaysNothing() {
        assertThat(TimeoutLimits.warnings(fleet.hub(), List.of("web-1"), 300)).isEmpty();
    }
}
