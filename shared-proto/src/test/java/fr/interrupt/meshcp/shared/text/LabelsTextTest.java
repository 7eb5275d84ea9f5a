package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTextTest {
    @Test
    void shortLabelsShowWhole() {
        assertThat(LabelsText.compact(Map.of("role", "web", "env", "prod"), 40)).isEqualTo("env=prod,role=web");
        assertThat(LabelsText.compact(Map.of(), 40)).isEmpty();
    }

    @Test
    void longListsKeepWholeLabelsAndCountTheRest() {
        Map<String, String> labels = Map.of("a", "1", "b", "2", "c", "3", "d", "4");
        assertThat(LabelsText.compact(labels, 12)).isEqualTo("a=1,b=2,+2");
    }

    @Test
    void aSingleLongLabelIsCut() {
        assertThat(LabelsText.compact(Map.of("key", "v".repeat(40)), 12)).isEqualTo("key=vvvvv...");
    }
}
