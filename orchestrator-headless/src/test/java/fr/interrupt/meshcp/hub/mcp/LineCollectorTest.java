package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineCollectorTest {

    private static String content(LineCollector c) {
        return new String(c.content(), StandardCharsets.UTF_8);
    }

    @Test
    void readsAWholeSmallFile() throws Exception {
        LineCollector c = new LineCollector(1, 100, 1000);
        c.write("a\nb\nc".getBytes(StandardCharsets.UTF_8));

        assertThat(content(c)).isEqualTo("a\nb\nc");
        assertThat(c.linesReturned()).isEqualTo(3);
        assertThat(c.totalLines()).isEqualTo(3);
        assertThat(c.stoppedEarly()).isFalse();
        assertThat(c.binary()).isFalse();
    }

    @Test
    void stopsOnceItHasTheLinesAsked() {
        LineCollector c = new LineCollector(2, 2, 1000);

        assertThatThrownBy(() -> c.write("l1\nl2\nl3\nl4\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LineCollector.Enough.class);
        assertThat(content(c)).isEqualTo("l2\nl3\n");
        assertThat(c.contentOffset()).isEqualTo(3);
        assertThat(c.linesReturned()).isEqualTo(2);
        assertThat(c.stoppedEarly()).isTrue();
    }

    @Test
    void stoppingOnTheLastLineStillCountsEveryLine() {
        LineCollector c = new LineCollector(1, 3, 1000);

        assertThatThrownBy(() -> c.write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LineCollector.Enough.class);
        assertThat(c.totalLines()).isEqualTo(3);
        assertThat(c.linesReturned()).isEqualTo(3);
    }

    @Test
    void stopsAtTheByteBudgetAndSaysALineWasCut() {
        LineCollector c = new LineCollector(1, 100, 5);

        assertThatThrownBy(() -> c.write("abcdefghij\n".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(LineCollector.Enough.class);
        assertThat(content(c)).isEqualTo("abcde");
        assertThat(c.cutInLine()).isTrue();
        assertThat(c.linesReturned()).isEqualTo(1);
    }

    @Test
    void notesBinaryContentFromTheFirstBytes() {
        LineCollector c = new LineCollector(1, 100, 1000);

        assertThatThrownBy(() -> {
            c.write(new byte[] {1, 2, 0, 3});
            byte[] more = new byte[TextBytes.SNIFF_BYTES];
            c.write(more);
        }).isInstanceOf(LineCollector.Enough.class);
        assertThat(c.binary()).isTrue();
    }

    @Test
    void aSmallBinaryFileIsNoticedAtTheEnd() throws Exception {
        LineCollector c = new LineCollector(1, 100, 1000);
        c.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});

        assertThat(c.binary()).isTrue();
    }
}
