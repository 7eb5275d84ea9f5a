package fr.interrupt.meshcp.hub.mcp.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StreamBufferTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void keepsEverythingWithinTheHead() {
        StreamBuffer buffer = new StreamBuffer(10, 5);
        buffer.append(bytes("hello"));
        buffer.append(bytes("world"));

        assertThat(buffer.total()).isEqualTo(10);
        assertThat(buffer.hasGap()).isFalse();
        assertThat(text(buffer.read(0, 100))).isEqualTo("helloworld");
        assertThat(text(buffer.read(3, 4))).isEqualTo("lowo");
    }

    @Test
    void readsAcrossHeadAndTailWhenNothingWasDropped() {
        StreamBuffer buffer = new StreamBuffer(4, 8);
        buffer.append(bytes("abcdefgh"));

        assertThat(buffer.hasGap()).isFalse();
        assertThat(text(buffer.read(0, 100))).isEqualTo("abcdefgh");
        assertThat(text(buffer.read(2, 4))).isEqualTo("cdef");
    }

    @Test
    void dropsTheMiddleAndKeepsHeadAndTail() {
        StreamBuffer buffer = new StreamBuffer(4, 4);
        buffer.append(bytes("0123"));
        buffer.append(bytes("456789"));
        buffer.append(bytes("ABCDEFGHIJ"));

        assertThat(buffer.total()).isEqualTo(20);
        assertThat(buffer.headEnd()).isEqualTo(4);
        assertThat(buffer.tailStart()).isEqualTo(16);
        assertThat(buffer.hasGap()).isTrue();
        assertThat(text(buffer.read(0, 100))).isEqualTo("0123");
        assertThat(buffer.read(8, 4)).isEmpty();
        assertThat(text(buffer.read(16, 100))).isEqualTo("GHIJ");
        assertThat(text(buffer.read(18, 1))).isEqualTo("I");
    }

    @Test
    void aChunkLargerThanTheTailKeepsItsEnd() {
        StreamBuffer buffer = new StreamBuffer(2, 3);
        buffer.append(bytes("ab" + "xxxxxxxxxx" + "XYZ"));

        assertThat(buffer.total()).isEqualTo(15);
        assertThat(text(buffer.read(0, 2))).isEqualTo("ab");
        assertThat(text(buffer.read(buffer.tailStart(), 3))).isEqualTo("XYZ");
    }

    @Test
    void theRingWrapsAround() {
        StreamBuffer buffer = new StreamBuffer(1, 4);
        for (char c = 'a'; c <= 'z'; c++) {
            buffer.append(new byte[] {(byte) c});
        }
        assertThat(text(buffer.read(buffer.tailStart(), 10))).isEqualTo("wxyz");
    }
}
