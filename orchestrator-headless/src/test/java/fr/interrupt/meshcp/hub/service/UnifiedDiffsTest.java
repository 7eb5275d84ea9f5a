package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class UnifiedDiffsTest {
    @Test
    void equalTextHasNoDiff() {
        assertThat(UnifiedDiffs.of("/etc/x", "a\n", "a\n", 1024)).isEmpty();
    }

    @Test
    void aLongDiffIsCutAtALineEndWithinTheCapAndSaysSo() {
        String before = "x\n".repeat(20_000);
        String after = "y\n".repeat(20_000);
        String diff = UnifiedDiffs.of("/big", before, after, 64 * 1024);
        assertThat(diff.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(64 * 1024 + 100);
        assertThat(diff).startsWith("--- a/big\n+++ b/big\n@@ ").endsWith(" lines in all\n").contains("... diff cut at 64.0 KiB");
    }

    @Test
    void aSmallChangeInALargeFileIsAHunkWithItsContext() {
        StringBuilder before = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            before.append("line ").append(i).append('\n');
        }
        String after = before.toString().replace("line 25000\n", "changed\n");
        assertThat(UnifiedDiffs.of("/f", before.toString(), after, 1024))
                .isEqualTo("--- a/f\n+++ b/f\n@@ -24998,7 +24998,7 @@\n line 24997\n line 24998\n line 24999\n-line 25000\n"
                        + "+changed\n line 25001\n line 25002\n line 25003\n");
    }

    @Test
    void controlCharactersOfAHostileFileAreShownAsQuestionMarks() {
        String diff = UnifiedDiffs.of("/f", "a\n", "\u001b]0;pwned\u0007\tb\n", 1024);
        assertThat(diff).contains("+?]0;pwned?\tb\n").doesNotContain("\u001b");
    }
}
