package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextBytesTest {

    @Test
    void textIsNotBinary() {
        byte[] text = "héllo wörld\n€ ✓\n".getBytes(StandardCharsets.UTF_8);
        assertThat(TextBytes.looksBinary(text, text.length)).isFalse();
    }

    @Test
    void oneNulInALongTextIsStillText() {
        byte[] data = ("x".repeat(200) + "\0" + "y".repeat(200)).getBytes(StandardCharsets.UTF_8);
        assertThat(TextBytes.looksBinary(data, data.length)).isFalse();
    }

    @Test
    void nulBytesDenseInASampleMeanBinary() {
        byte[] data = {'a', 'b', 0, 'c'};
        assertThat(TextBytes.looksBinary(data, data.length)).isTrue();
    }

    @Test
    void denseInvalidUtf8MeansBinary() {
        byte[] data = {'a', (byte) 0xFF, (byte) 0xFE, 'b', 'c'};
        assertThat(TextBytes.looksBinary(data, data.length)).isTrue();
    }

    @Test
    void aCharacterCutAtEitherEndOfTheSampleIsStillText() {
        byte[] euro = "a€b€".getBytes(StandardCharsets.UTF_8);
        assertThat(TextBytes.looksBinary(euro, euro.length - 1)).isFalse();
        byte[] fromMiddle = java.util.Arrays.copyOfRange(euro, 2, euro.length);
        assertThat(TextBytes.looksBinary(fromMiddle, fromMiddle.length)).isFalse();
    }

    @Test
    void completeLengthDropsAHalfCharacter() {
        byte[] euro = "ab€".getBytes(StandardCharsets.UTF_8);
        assertThat(TextBytes.completeLength(euro, euro.length)).isEqualTo(5);
        assertThat(TextBytes.completeLength(euro, 4)).isEqualTo(2);
        assertThat(TextBytes.completeLength(euro, 2)).isEqualTo(2);
    }

    @Test
    void recognisesCommonFormats() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        byte[] elf = {0x7F, 'E', 'L', 'F', 2, 1, 1, 0};
        assertThat(TextBytes.describeBinary(png, png.length)).isEqualTo("PNG image");
        assertThat(TextBytes.describeBinary(elf, elf.length)).startsWith("ELF");
        assertThat(TextBytes.describeBinary(new byte[] {1, 2, 3}, 3)).isEqualTo("binary data");
    }
}
