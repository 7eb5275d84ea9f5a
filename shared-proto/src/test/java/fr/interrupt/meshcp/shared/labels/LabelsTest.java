package fr.interrupt.meshcp.shared.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {
    @Test
    void keysFollowKubernetesSyntax() {
        assertThat(Labels.isValidKey("env")).isTrue();
        assertThat(Labels.isValidKey("app.kubernetes.io/name")).isTrue();
        assertThat(Labels.isValidKey("My_Key.v2")).isTrue();
        assertThat(Labels.isValidKey("a".repeat(63))).isTrue();
        assertThat(Labels.isValidKey("a".repeat(64))).isFalse();
        assertThat(Labels.isValidKey("_env")).isFalse();
        assertThat(Labels.isValidKey("env-")).isFalse();
        assertThat(Labels.isValidKey("a b")).isFalse();
        assertThat(Labels.isValidKey("/env")).isFalse();
        assertThat(Labels.isValidKey("example.com/")).isFalse();
        assertThat(Labels.isValidKey("Example.com/env")).isFalse();
        assertThat(Labels.isValidKey("a/b/c")).isFalse();
        assertThat(Labels.isValidKey("a".repeat(254) + "/x")).isFalse();
        assertThat(Labels.isValidKey("")).isFalse();
    }

    @Test
    void valuesMayBeEmpty() {
        assertThat(Labels.isValidValue("")).isTrue();
        assertThat(Labels.isValidValue("prod-1.2_a")).isTrue();
        assertThat(Labels.isValidValue("prod/1")).isFalse();
        assertThat(Labels.isValidValue(".prod")).isFalse();
        assertThat(Labels.isValidValue("b".repeat(64))).isFalse();
        assertThat(Labels.isValidValue(null)).isFalse();
    }

    @Test
    void invalidKeyMessageSaysTheRule() {
        assertThatThrownBy(() -> Labels.requireKey("bad key")).hasMessage("invalid label key \"bad key\": use 1 to 63 letters, digits, "
                + "'-', '_' or '.', starting and ending with a letter or digit, optionally after a DNS prefix and '/' (example.com/role)");
    }

    @Test
    void validatedSortsAndRefusesTooMany() {
        assertThat(Labels.validated(Map.of("b", "2", "a", "1")).keySet()).containsExactly("a", "b");
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i <= Labels.MAX_LABELS; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> Labels.validated(many)).hasMessageContaining("at most 64");
        assertThat(Labels.validOnly(many)).hasSize(Labels.MAX_LABELS);
    }

    @Test
    void validOnlyDropsBadEntriesAndKeepsTheRest() {
        assertThat(Labels.validOnly(Map.of("env", "prod", "bad key", "x", "role", "no/slash"))).containsExactly(Map.entry("env", "prod"));
    }

    @Test
    void mergedOverridesWin() {
        assertThat(Labels.merged(Map.of("env", "dev", "role", "web"), Map.of("env", "prod")))
                .containsExactly(Map.entry("env", "prod"), Map.entry("role", "web"));
    }

    @Test
    void formatIsSortedKeyValueList() {
        assertThat(Labels.format(Map.of("role", "web", "env", "prod"))).isEqualTo("env=prod,role=web");
        assertThat(Labels.format(Map.of())).isEmpty();
    }

    @Test
    void editReadsSetsAndRemovalsLikeKubectl() {
        LabelEdit edit = LabelEdit.parse(List.of("env=prod", "tier-", "flag="));
        assertThat(edit.set()).containsExactly(Map.entry("env", "prod"), Map.entry("flag", ""));
        assertThat(edit.remove()).containsExactly("tier");
    }

    @Test
    void editRefusesMalformedWords() {
        assertThatThrownBy(() -> LabelEdit.parse(List.of())).hasMessageContaining("no label given");
        assertThatThrownBy(() -> LabelEdit.parse(List.of("env"))).hasMessage("cannot read \"env\" as a label change: "
                + "use key=value to set a label, key- to remove one");
        assertThatThrownBy(() -> LabelEdit.parse(List.of("env=a", "env=b"))).hasMessage("label \"env\" is given more than once");
        assertThatThrownBy(() -> LabelEdit.parse(List.of("env=a", "env-"))).hasMessage("label \"env\" is given more than once");
        assertThatThrownBy(() -> LabelEdit.parse(List.of("env=a b"))).hasMessageContaining("invalid value \"a b\" for label \"env\"");
        assertThatThrownBy(() -> LabelEdit.parse(List.of("-"))).hasMessageContaining("cannot read \"-\"");
    }
}
