package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The desktop's table and details show df's disk figures: the root-reserved blocks are neither used nor available. */
class DiskUseShownTest {
    /** The bug report's disk: df says 24%; total - available over total would say 69%. */
    private static final Disk ROOT = Disk.newBuilder().setMount("/").setType("ext4").setTotalBytes(270553174016L)
            .setFreeBytes(83866951680L).setUsedBytes(25077342208L).setAvailableBytes(83866951680L).build();
    private static final SystemStatus STATUS = SystemStatus.newBuilder().addDisks(ROOT).build();

    @Test
    void theTableShowsDfsUsePercent() {
        Machine m = new Machine("web", "127.0.0.1", 7444, "1", "aa", "web", "Linux", "amd64", "0.1.0", Instant.EPOCH, null);
        MachineRow row = new MachineRow("web");
        row.update(new MachineSnapshot(m, true, Duration.ofMillis(1), "0.1.0", null, STATUS, null), Instant.EPOCH);
        assertThat(row.diskPercentProperty().get()).isEqualTo(24.0);
    }

    @Test
    void theDetailsBarShowsUsedSizePercentAndAvailable() {
        UsageBar bar = MachineDetailsViewModel.usageBars(STATUS).stream().filter(b -> b.label().equals("Disk /")).findFirst().orElseThrow();
        assertThat(bar.fraction()).isEqualTo(0.24);
        assertThat(bar.text()).isEqualTo("23.4 GiB used of 252.0 GiB (24%), 78.1 GiB available · ext4");
    }
}
