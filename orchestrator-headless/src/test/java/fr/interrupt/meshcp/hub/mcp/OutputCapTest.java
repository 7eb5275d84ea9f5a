package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputCapTest {

    private static StreamBuffer lines(int count) {
        StreamBuffer buffer = new StreamBuffer(1 << 20, 1 << 20);
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            all.append("line ").append(i).append('\n');
        }
        buffer.append(all.toString().getBytes(StandardCharsets.UTF_8));
        return buffer;
    }

    @Test
    void shortOutputIsShownWhole() {
        OutputCap.Capped capped = OutputCap.headAndTail(lines(3), 1000);

        assertThat(capped.complete()).isTrue();
        assertThat(capped.text()).isEqualTo("line 1\nline 2\nline 3\n");
    }

    @Test
    void longOutputKeepsHeadAndTailAtLineEndsAndSaysWhatWasLeftOut() {
        StreamBuffer buffer = lines(10_000);
        OutputCap.Capped capped = OutputCap.headAndTail(buffer, 3000);

        assertThat(capped.complete()).isFalse();
        assertThat(capped.text()).startsWith("line 1\n").endsWith("line 10000\n");
        assertThat(capped.text()).contains("bytes omitted (offsets " + capped.omittedFrom() + " to " + capped.omittedTo() + ")")
                .contains("job_output offset=" + capped.omittedFrom());
        assertThat(capped.text().getBytes(StandardCharsets.UTF_8).length).isLessThan(3000 + 200);
        byte[] cutPoint = buffer.read(capped.omittedFrom() - 1, 1);
        assertThat(cutPoint[0]).isEqualTo((byte) '\n');
        assertThat(buffer.read(capped.omittedTo() - 1, 1)[0]).isEqualTo((byte) '\n');
    }

    @Test
    void aRunningStreamShowsItsLatestOutput() {
        OutputCap.Capped capped = OutputCap.tail(lines(10_000), 500);

        assertThat(capped.text()).startsWith("[... first ").endsWith("line 10000\n");
        assertThat(capped.omittedFrom()).isZero();
    }

    @Test
    void neverCutsAMultiByteCharacter() {
        StreamBuffer buffer = new StreamBuffer(1 << 20, 1 << 20);
        buffer.append("é".repeat(5000).getBytes(StandardCharsets.UTF_8));
        OutputCap.Capped capped = OutputCap.headAndTail(buffer, 1001);

        assertThat(capped.text()).doesNotContain("\uFFFD");
    }

    @Test
    void splitGivesEachStreamWhatItNeedsWhenBothFit() {
        assertThat(OutputCap.split(100, 50, 1000)).containsExactly(100, 50);
    }

    @Test
    void splitKeepsAQuarterForStderrWhenStdoutIsHuge() {
        assertThat(OutputCap.split(1_000_000, 1_000_000, 1000)).containsExactly(750, 250);
        assertThat(OutputCap.split(1_000_000, 10, 1000)).containsExactly(990, 10);
        assertThat(OutputCap.split(10, 1_000_000, 1000)).containsExactly(10, 990);
    }

    @Test
    void nulOnlyOutputIsDescribedNotSent() {
        StreamBuffer buffer = new StreamBuffer(1 << 20, 1 << 20);
        buffer.append(new byte[60_000]);

        OutputCap.Capped capped = OutputCap.headAndTail(buffer, 18_000);

        assertThat(capped.text()).isEqualTo("[60000 bytes, NUL bytes only: not shown as text]");
        assertThat(capped.decodingNote()).contains("xxd");
    }

    @Test
    void utf16OutputIsCutOnWholeCodeUnitsAndItsTailDecodedAlike() {
        StreamBuffer buffer = new StreamBuffer(1 << 20, 1 << 20);
        StringBuilder all = new StringBuilder("\uFEFF");
        for (int i = 1; i <= 3000; i++) {
            all.append("entrée ").append(i).append("\r\n");
        }
        buffer.append(all.toString().getBytes(StandardCharsets.UTF_16LE));

        OutputCap.Capped capped = OutputCap.headAndTail(buffer, 6000);

        assertThat(capped.text()).startsWith("entrée 1\r\n").endsWith("entrée 3000\r\n").doesNotContain("\uFFFD");
        assertThat(capped.omittedFrom() % 2).isZero();
        assertThat(capped.omittedTo() % 2).isZero();
        assertThat(capped.decodingNote()).contains("UTF-16LE");
    }

    @Test
    void ansiColoursAreRemovedFromOutput() {
        StreamBuffer buffer = new StreamBuffer(1 << 20, 1 << 20);
        buffer.append("\u001B[32mok\u001B[0m\n".getBytes(StandardCharsets.UTF_8));

        OutputCap.Capped capped = OutputCap.headAndTail(buffer, 1000);

        assertThat(capped.text()).isEqualTo("ok\n");
        assertThat(capped.decodingNote()).contains("2 ANSI escape sequence(s)");
    }
}
