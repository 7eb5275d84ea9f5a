package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.shared.text.TextDecoding.Decoded;
import fr.interrupt.meshcp.shared.text.TextDecoding.Mode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextDecodingTest {

    private static byte[] log(int lines) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            s.append("2026-11-29T10:00:").append(i % 60).append(" service started worker ").append(i).append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void oneInvalidByteNearTheTopIsShownAsAReplacementNotBinary() {
        byte[] bytes = log(100);
        bytes[40] = (byte) 0xFF;

        Decoded d = TextDecoding.decode(bytes, Mode.FILE);

        assertThat(d.binary()).isFalse();
        assertThat(d.replaced()).isEqualTo(1);
        assertThat(d.text()).contains("\uFFFD").contains("worker 100\n");
        assertThat(d.note()).contains("1 invalid byte sequence(s) shown as U+FFFD");
    }

    @Test
    void aRunOfNulsInALogIsAHoleShownAsOneMarker() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(log(50));
        bytes.writeBytes(new byte[4096]);
        bytes.writeBytes("after reboot\n".getBytes(StandardCharsets.UTF_8));

        Decoded d = TextDecoding.decode(bytes.toByteArray(), Mode.FILE);

        assertThat(d.binary()).isFalse();
        assertThat(d.text()).contains("worker 50\n[4096 NUL bytes]after reboot\n");
        assertThat(d.nulBytes()).isEqualTo(4096);
    }

    @Test
    void nothingButNulsIsDescribedAsNulBytes() {
        assertThat(TextDecoding.decode(new byte[60_000], Mode.OUTPUT).binaryType()).isEqualTo("NUL bytes only");
    }

    @Test
    void byteOrderMarksPickTheEncoding() {
        String text = "Événement 1\r\nÉvénement 2\r\n";
        for (String name : new String[] {"UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", "UTF-8"}) {
            Charset charset = Charset.forName(name);
            byte[] encoded = ("\uFEFF" + text).getBytes(charset);

            Decoded d = TextDecoding.decode(encoded, Mode.FILE);

            assertThat(d.binary()).as(name).isFalse();
            assertThat(d.charset()).as(name).isEqualTo(name);
            assertThat(d.bom()).as(name).isTrue();
            assertThat(d.text()).as(name).isEqualTo(text);
        }
    }

    @Test
    void magicNumbersAndDenseNonTextAreBinary() {
        byte[] elf = new byte[64];
        System.arraycopy(new byte[] {0x7F, 'E', 'L', 'F'}, 0, elf, 0, 4);
        assertThat(TextDecoding.decode(elf, Mode.FILE).binaryType()).isEqualTo("ELF executable or library");
        byte[] gzip = {0x1F, (byte) 0x8B, 8, 0};
        assertThat(TextDecoding.binaryType(gzip, 0, gzip.length)).isEqualTo("gzip-compressed data");

        byte[] random = new byte[8192];
        new Random(7).nextBytes(random);
        random[0] = 'x';
        assertThat(TextDecoding.binaryType(random, 0, random.length)).isEqualTo("binary data");
    }

    @Test
    void aCharacterCutAtTheEndOfTheSampleIsNotAFault() {
        byte[] bytes = "déjà".getBytes(StandardCharsets.UTF_8);
        assertThat(TextDecoding.binaryType(bytes, 0, bytes.length - 1)).isNull();
    }

    @Test
    void outputModeDropsAnsiSequencesAndShowsControlsAsPictures() {
        byte[] bytes = "\u001B[1;31merror\u001B[0m: bad\u0007 \u001B]0;title\u0007done\n".getBytes(StandardCharsets.UTF_8);

        Decoded d = TextDecoding.decode(bytes, Mode.OUTPUT);

        assertThat(d.text()).isEqualTo("error: bad\u2407 done\n");
        assertThat(d.escapes()).isEqualTo(3);
        assertThat(d.controls()).isEqualTo(1);
        assertThat(d.note()).contains("ANSI escape").contains("control character");
    }

    @Test
    void fileModeKeepsEscapesSoEditsCanMatchThem() {
        byte[] bytes = "PS1='\u001B[32m$ '\n".getBytes(StandardCharsets.UTF_8);
        assertThat(TextDecoding.decode(bytes, Mode.FILE).text()).isEqualTo("PS1='\u001B[32m$ '\n");
    }

    @Test
    void emptyBytesAreEmptyText() {
        assertThat(TextDecoding.decode(new byte[0], Mode.OUTPUT).text()).isEmpty();
        assertThat(TextDecoding.decode(new byte[] {'a', 'b'}, 1, 1, Mode.FILE).text()).isEmpty();
    }

    @Test
    void plainUtf8HasNoNote() {
        assertThat(TextDecoding.decode(log(3), Mode.FILE).note()).isNull();
    }
}
