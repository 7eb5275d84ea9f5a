package fr.interrupt.meshcp.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeptStreamTest {

    @Test
    void keepsTheHeadAndTheTailAtTheirOffsetsWhateverTheWriteSizes() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int head = 1 + random.nextInt(20);
            int tail = 1 + random.nextInt(20);
            KeptStream kept = new KeptStream(head, tail);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int writes = random.nextInt(12);
            for (int w = 0; w < writes; w++) {
                byte[] data = new byte[random.nextInt(40)];
                random.nextBytes(data);
                assertThat(kept.append(data, data.length)).isEqualTo(all.size());
                all.writeBytes(data);
            }
            byte[] expected = all.toByteArray();
            long total = expected.length;
            long headEnd = Math.min(total, head);
            long tailStart = Math.max(headEnd, total - tail);

            assertThat(kept.info()).isEqualTo(new KeptStream.Info(total, headEnd, tailStart));
            for (long offset = 0; offset <= total + 2; offset++) {
                KeptStream.Slice slice = kept.read(offset, 5);
                long from = offset < headEnd ? offset : Math.max(offset, tailStart);
                long end = offset < headEnd ? headEnd : total;
                long to = Math.max(from, Math.min(end, from + 5));
                assertThat(slice.offset()).isEqualTo(from);
                assertThat(slice.data()).isEqualTo(from >= total ? new byte[0] : Arrays.copyOfRange(expected, (int) from, (int) to));
            }
        }
    }

    @Test
    void aFrozenStreamKeepsWhatItHad() {
        KeptStream kept = new KeptStream(4, 4);
        kept.append("abc".getBytes(), 3);

        kept.freeze();

        assertThat(kept.append("def".getBytes(), 3)).isEqualTo(-1);
        assertThat(kept.info()).isEqualTo(new KeptStream.Info(3, 3, 3));
        assertThat(new String(kept.read(0, 10).data())).isEqualTo("abc");
    }

    @Test
    void memoryGrowsWithTheOutputNotWithTheCapacity() {
        KeptStream kept = new KeptStream(1 << 20, 1 << 20);

        kept.append(new byte[10], 10);

        assertThat(kept.read(0, 100).data()).hasSize(10);
    }
}
