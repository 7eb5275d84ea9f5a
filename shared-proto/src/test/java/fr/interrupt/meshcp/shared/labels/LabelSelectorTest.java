package fr.interrupt.meshcp.shared.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> WEB_PROD = Map.of("env", "prod", "role", "web", "example.com/tier", "front");
    private static final Map<String, String> DB_STAGING = Map.of("env", "staging", "role", "db");
    private static final Map<String, String> NONE = Map.of();

    private static boolean matches(String selector, Map<String, String> labels) {
        return LabelSelector.parse(selector).matches(labels);
    }

    @Test
    void equalityMatchesPresentLabelsWithThatValue() {
        assertThat(matches("env=prod", WEB_PROD)).isTrue();
        assertThat(matches("env==prod", WEB_PROD)).isTrue();
        assertThat(matches("env=prod", DB_STAGING)).isFalse();
        assertThat(matches("env=prod", NONE)).isFalse();
    }

    @Test
    void inequalityAlsoMatchesMachinesWithoutTheLabel() {
        assertThat(matches("env!=prod", DB_STAGING)).isTrue();
        assertThat(matches("env!=prod", NONE)).isTrue();
        assertThat(matches("env!=prod", WEB_PROD)).isFalse();
    }

    @Test
    void commasAreAnd() {
        assertThat(matches("env=prod,role=web", WEB_PROD)).isTrue();
        assertThat(matches("env=prod,role=db", WEB_PROD)).isFalse();
        assertThat(matches(" env = prod , role=web ", WEB_PROD)).isTrue();
    }

    @Test
    void setBasedRequirements() {
        assertThat(matches("env in (prod, staging)", DB_STAGING)).isTrue();
        assertThat(matches("env in (prod)", NONE)).isFalse();
        assertThat(matches("env notin (prod)", DB_STAGING)).isTrue();
        assertThat(matches("env notin (prod)", NONE)).isTrue();
        assertThat(matches("env notin(prod,staging)", DB_STAGING)).isFalse();
        assertThat(matches("role in (web),env", WEB_PROD)).isTrue();
    }

    @Test
    void existenceAndAbsence() {
        assertThat(matches("role", DB_STAGING)).isTrue();
        assertThat(matches("role", NONE)).isFalse();
        assertThat(matches("!role", NONE)).isTrue();
        assertThat(matches("!role", WEB_PROD)).isFalse();
        assertThat(matches("example.com/tier", WEB_PROD)).isTrue();
    }

    @Test
    void emptyValueIsAValue() {
        assertThat(matches("flag=", Map.of("flag", ""))).isTrue();
        assertThat(matches("flag=", Map.of("flag", "x"))).isFalse();
    }

    @Test
    void keysAreCaseSensitive() {
        assertThat(matches("Env=prod", WEB_PROD)).isFalse();
    }

    @Test
    void canonicalFormReadsBack() {
        LabelSelector s = LabelSelector.parse("env==prod, role in (web,db), !gpu, zone notin (b,a), tier, x!=y");
        assertThat(s.toString()).isEqualTo("env=prod,role in (db,web),!gpu,zone notin (a,b),tier,x!=y");
        assertThat(LabelSelector.parse(s.toString()).toString()).isEqualTo(s.toString());
    }

    @Test
    void emptySelectorIsRefused() {
        assertThatThrownBy(() -> LabelSelector.parse("  ")).hasMessage("the selector is empty: give at least one requirement such as env=prod");
    }

    @Test
    void malformedSelectorsSayWhereAndWhat() {
        assertThatThrownBy(() -> LabelSelector.parse("env=prod,,role=web"))
                .hasMessage("in selector \"env=prod,,role=web\": expected a label key at character 10");
        assertThatThrownBy(() -> LabelSelector.parse("env in prod"))
                .hasMessageContaining("expected '(' and a list of values after in or notin");
        assertThatThrownBy(() -> LabelSelector.parse("env in ()")).hasMessageContaining("cannot be empty");
        assertThatThrownBy(() -> LabelSelector.parse("env in (a,b")).hasMessageContaining("expected ',' or ')'");
        assertThatThrownBy(() -> LabelSelector.parse("env=prod role=web")).hasMessageContaining("expected ',' between requirements at character 10");
        assertThatThrownBy(() -> LabelSelector.parse("env>3")).hasMessageContaining("invalid label key \"env>3\"");
        assertThatThrownBy(() -> LabelSelector.parse("env exists")).hasMessageContaining("expected =, ==, !=, in or notin after \"env\"");
    }

    @Test
    void invalidKeysAndValuesFollowKubernetesRules() {
        assertThatThrownBy(() -> LabelSelector.parse("-env=prod")).hasMessageContaining("invalid label key \"-env\"");
        assertThatThrownBy(() -> LabelSelector.parse("env=prod_")).hasMessageContaining("invalid value \"prod_\" for label \"env\"");
        assertThatThrownBy(() -> LabelSelector.parse("Example.com/x=1")).hasMessageContaining("DNS subdomain");
        assertThatThrownBy(() -> LabelSelector.parse("env=" + "a".repeat(64))).hasMessageContaining("1 to 63");
    }

    @Test
    void overlongSelectorIsRefusedBeforeParsing() {
        assertThatThrownBy(() -> LabelSelector.parse("a,".repeat(3000))).hasMessageContaining("too long");
    }
}
