package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import fr.interrupt.meshcp.shared.DiskUse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The root file system as GetSystemStatus reports it agrees with coreutils df on the same mount. */
@EnabledOnOs(OS.LINUX)
class DiskUseMatchesDfTest {
    /** Other processes write to the disk between the two readings: allow this much drift in used and available. */
    private static final long DRIFT = 512L * 1024 * 1024;

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
    void rootSizeUsedAvailableAndPercentAreDfs() throws Exception {
        agent = new AgentFixture(temp, Capabilities.DEFAULT);
        SystemStatus status = agent.blocking().getSystemStatus(SystemStatusRequest.getDefaultInstance());
        long[] df = df("/");
        Disk root = status.getDisksList().stream().filter(d -> d.getMount().equals("/")).findFirst().orElse(null);
        assumeThat(root).as("/ is a reported file system here").isNotNull();

        assertThat(root.hasUsedBytes()).isTrue();
        assertThat(root.getTotalBytes()).isEqualTo(df[0]);
        assertThat(root.getUsedBytes()).isCloseTo(df[1], org.assertj.core.data.Offset.offset(DRIFT));
        assertThat(root.getAvailableBytes()).isCloseTo(df[2], org.assertj.core.data.Offset.offset(DRIFT));
        assertThat(root.getFreeBytes()).isEqualTo(root.getAvailableBytes());
        assertThat(DiskUse.of(root).usedPercent()).isCloseTo((int) df[3], org.assertj.core.data.Offset.offset(1));
    }

    /** size, used, avail (bytes) and Use% of {@code mount}, from df -B1. */
    private static long[] df(String mount) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("df", "-B1", "--output=size,used,avail,pcent", mount).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        String[] fields = out.strip().lines().skip(1).findFirst().orElseThrow().trim().split("\\s+");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1]), Long.parseLong(fields[2]),
            Long.parseLong(fields[3].replace("%", ""))};
    }
}
