package fr.interrupt.meshcp.shared;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.proto.agent.v1.Disk;
import fr.interrupt.meshcp.shared.text.DiskUses;
import org.junit.jupiter.api.Test;

class DiskUseTest {
    private static final long GIB = 1L << 30;

    @Test
    void reservedBlocksAreNeitherUsedNorAvailableAsInDf() {
        // the case of the bug report: df said 24%, the hub said 69% (total - available over total)
        Disk disk = Disk.newBuilder().setMount("/").setTotalBytes(270553174016L).setFreeBytes(83866951680L)
                .setUsedBytes(25077342208L).setAvailableBytes(83866951680L).build();
        assertThat(DiskUse.of(disk).usedPercent()).isEqualTo(24);
    }

    @Test
    void percentIsRoundedUpLikeDf() {
        assertThat(new DiskUse(1000, 1, 999).usedPercent()).isEqualTo(1);
        assertThat(new DiskUse(1000, 500, 500).usedPercent()).isEqualTo(50);
        assertThat(new DiskUse(1000, 0, 0).usedPercent()).isZero();
    }

    @Test
    void anOlderAgentsTotalAndFreeStillGiveAUse() {
        Disk old = Disk.newBuilder().setTotalBytes(100 * GIB).setFreeBytes(25 * GIB).build();
        assertThat(DiskUse.of(old)).isEqualTo(new DiskUse(100 * GIB, 75 * GIB, 25 * GIB));
    }

    @Test
    void textGivesUsedSizePercentAndAvailable() {
        assertThat(DiskUses.format(new DiskUse(100 * GIB, 24 * GIB, 70 * GIB))).isEqualTo("24.0 GiB used of 100.0 GiB (26%), 70.0 GiB available");
    }
}
