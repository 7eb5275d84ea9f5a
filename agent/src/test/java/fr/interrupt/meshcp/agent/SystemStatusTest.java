package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.shared.AgentVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemStatusTest {
    @TempDir
    Path temp;

    private AgentFixture agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void reportsTheMachineAndWhatItAllows() throws Exception {
        Capabilities capabilities = Capabilities.DEFAULT
                .withShell(new ShellConfig(true, 120, List.of("ls", "cat"), 4, 3).withJobs(64, 128, 7, 30))
                .withFiles(new FilesConfig(true, 10, List.of(Path.of("/srv"))));
        agent = new AgentFixture(temp, capabilities);

        SystemStatus status = agent.blocking().getSystemStatus(SystemStatusRequest.getDefaultInstance());

        assertThat(status.getHostname()).isNotEmpty();
        assertThat(status.getOs()).isNotEmpty();
        assertThat(status.getKernel()).isNotEmpty();
        assertThat(status.getArch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(status.getUptimeSeconds()).isPositive();
        assertThat(status.getCpu().getModel()).isNotEmpty();
        assertThat(status.getCpu().getLogicalCores()).isPositive();
        assertThat(status.getCpu().getPhysicalCores()).isPositive();
        assertThat(status.getCpu().getLoadAverageList()).hasSize(3);
        assertThat(status.getCpu().getUsagePercent()).isBetween(0.0, 100.0);
        assertThat(status.getMemory().getTotalBytes()).isPositive();
        assertThat(status.getMemory().getAvailableBytes()).isPositive().isLessThanOrEqualTo(status.getMemory().getTotalBytes());
        assertThat(status.getDisksList()).isNotEmpty();
        assertThat(status.getDisksList()).allSatisfy(d -> {
            assertThat(d.getMount()).startsWith("/");
            assertThat(d.getType()).isNotIn("proc", "sysfs", "tmpfs", "devtmpfs", "cgroup2");
            assertThat(d.getTotalBytes()).isPositive();
        });
        assertThat(status.getAgentVersion()).isEqualTo(AgentVersion.current());
        assertThat(status.getMachineName()).isEqualTo(AgentFixture.MACHINE);
        var caps = status.getCapabilities();
        assertThat(caps.getShell().getEnabled()).isTrue();
        assertThat(caps.getShell().getMaxTimeoutSeconds()).isEqualTo(120);
        assertThat(caps.getShell().getAllowedCommandsList()).containsExactly("ls", "cat");
        assertThat(caps.getShell().getMaxOutputBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(caps.getShell().getMaxConcurrent()).isEqualTo(3);
        assertThat(caps.getShell().getJobHeadBytes()).isEqualTo(64 * 1024);
        assertThat(caps.getShell().getJobTailBytes()).isEqualTo(128 * 1024);
        assertThat(caps.getShell().getFinishedJobsKept()).isEqualTo(7);
        assertThat(caps.getShell().getFinishedJobTtlSeconds()).isEqualTo(30 * 60);
        assertThat(caps.getFiles().getMaxFileSizeBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(caps.getFiles().getAllowedPathsList()).containsExactly("/srv");
        assertThat(caps.getSystem().getEnabled()).isTrue();
        assertThat(caps.getDocker().getEnabled()).isFalse();
    }

    @Test
    void aDisabledSystemCapabilityIsRefused() throws Exception {
        agent = new AgentFixture(temp, Capabilities.DEFAULT.withSystem(new SystemConfig(false)));

        assertThatThrownBy(() -> agent.blocking().getSystemStatus(SystemStatusRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).isEqualTo("system is disabled on this machine (capabilities.system.enabled in agent.yaml)");
                });
    }
}
