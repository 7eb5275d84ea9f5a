package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void controlCharactersBecomeQuestionMarks() {
        assertThat(Printable.of("a\nb\u001b[31m\u0000\t\u007f")).isEqualTo("a?b?[31m???");
    }

    @Test
    void formatCharactersAndSeparatorsBecomeQuestionMarks() {
        assertThat(Printable.of("evil\u202Etxt.exe")).isEqualTo("evil?txt.exe");
        assertThat(Printable.of("a\u2028b\u2029c")).isEqualTo("a?b?c");
        assertThat(Printable.of("lone \uD800")).isEqualTo("lone ?");
    }

    @Test
    void nonAsciiLettersAndSymbolsAreKept() {
        assertThat(Printable.of("café 日本 😀 ")).isEqualTo("café 日本 😀 ");
    }

    @Test
    void nullIsEmpty() {
        assertThat(Printable.of(null)).isEmpty();
        assertThat(Printable.of(null, 10)).isEmpty();
    }

    @Test
    void cutMarksWhatWasLeftOut() {
        assertThat(Printable.of("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Printable.of("abcdefg", 6)).isEqualTo("abcdef...");
        assertThat(Printable.of("😀😀😀", 2)).isEqualTo("😀😀...");
        assertThatThrownBy(() -> Printable.of("x", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
