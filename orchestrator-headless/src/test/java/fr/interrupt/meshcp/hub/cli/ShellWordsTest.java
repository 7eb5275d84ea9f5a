package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

    @Test
    void aSingleWordIsSentAsIs() {
        assertThat(ShellWords.join(List.of("df -h | grep '/srv'"))).isEqualTo("df -h | grep '/srv'");
    }

    @Test
    void safeWordsAreJoinedWithSpaces() {
        assertThat(ShellWords.join(List.of("ls", "-la", "/var/log", "a=b,c:d@e%f+g"))).isEqualTo("ls -la /var/log a=b,c:d@e%f+g");
    }

    @Test
    void aWordWithASpaceIsSingleQuoted() {
        assertThat(ShellWords.join(List.of("ls", "-la", "/my dir"))).isEqualTo("ls -la '/my dir'");
    }

    @Test
    void anEmbeddedSingleQuoteIsClosedEscapedAndReopened() {
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
    }

    @Test
    void shellSyntaxInAWordIsQuotedSoItStaysLiteral() {
        assertThat(ShellWords.join(List.of("echo", "$(id)", "`id`", "a;b", "x|y", "*", "~", "a\nb")))
                .isEqualTo("echo '$(id)' '`id`' 'a;b' 'x|y' '*' '~' 'a\nb'");
    }

    @Test
    void anEmptyWordBecomesEmptyQuotes() {
        assertThat(ShellWords.join(List.of("printf", "%s|", ""))).isEqualTo("printf '%s|' ''");
    }

    @Test
    void aQuotedLineReadsBackAsTheSameWordsInAPosixShell() throws Exception {
        List<String> words = List.of("printf", "[%s]\\n", "/my dir", "it's", "$HOME", "a\"b", "");
        Process sh = new ProcessBuilder("/bin/sh", "-c", ShellWords.join(words)).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes());
        assertThat(sh.waitFor()).isZero();
        assertThat(out).isEqualTo("[/my dir]\n[it's]\n[$HOME]\n[a\"b]\n[]\n");
    }
}
