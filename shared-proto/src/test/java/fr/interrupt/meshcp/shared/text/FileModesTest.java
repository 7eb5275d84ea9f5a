package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FileModesTest {
    @Test
    void formatShowsTypeAndPermissionLetters() {
        assertThat(FileModes.format('d', 0755)).isEqualTo("drwxr-xr-x");
        assertThat(FileModes.format('-', 0640)).isEqualTo("-rw-r-----");
        assertThat(FileModes.format('l', 0777)).isEqualTo("lrwxrwxrwx");
    }

    @Test
    void setuidSetgidAndStickyShowWhereLsShowsThem() {
        assertThat(FileModes.format('-', 04755)).isEqualTo("-rwsr-xr-x");
        assertThat(FileModes.format('-', 02644)).isEqualTo("-rw-r-Sr--");
        assertThat(FileModes.format('d', 01777)).isEqualTo("drwxrwxrwt");
        assertThat(FileModes.permissions(01776)).isEqualTo("rwxrwxrwT");
    }

    @Test
    void octalIsFourDigits() {
        assertThat(FileModes.octal(0644)).isEqualTo("0644");
        assertThat(FileModes.octal(0104755)).isEqualTo("4755");
    }

    @Test
    void parseAcceptsOneToFourOctalDigitsWithAnOptionalPrefix() {
        assertThat(FileModes.parseOctal("644")).isEqualTo(0644);
        assertThat(FileModes.parseOctal("0644")).isEqualTo(0644);
        assertThat(FileModes.parseOctal("0o600")).isEqualTo(0600);
        assertThat(FileModes.parseOctal("4755")).isEqualTo(04755);
        assertThat(FileModes.parseOctal("00755")).isEqualTo(0755);
        assertThat(FileModes.parseOctal("7")).isEqualTo(07);
    }

    @Test
    void parseRefusesAnythingElse() {
        for (String bad : new String[] {"", "rw-r--r--", "0789", "107777", "77777", "0o", "-1", null}) {
            assertThatThrownBy(() -> FileModes.parseOctal(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("octal");
        }
    }
}
