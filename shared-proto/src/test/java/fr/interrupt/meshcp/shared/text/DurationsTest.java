package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DurationsTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void measuredTimesGoFromMillisecondsToDays() {
        assertThat(Durations.human(Duration.ofNanos(420_000))).isEqualTo("0.4 ms");
        assertThat(Durations.human(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(Durations.human(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
        assertThat(Durations.human(Duration.ofSeconds(245))).isEqualTo("4m 05s");
        assertThat(Durations.human(Duration.ofMinutes(123))).isEqualTo("2h 03m");
        assertThat(Durations.human(Duration.ofHours(76))).isEqualTo("3d 04h");
    }

    @Test
    void coarseSpansStopAtTheSecond() {
        assertThat(Durations.coarse(Duration.ofMillis(45_900))).isEqualTo("45s");
        assertThat(Durations.coarse(Duration.ofMinutes(56).plusSeconds(40))).isEqualTo("56m");
        assertThat(Durations.coarse(Duration.ofHours(5))).isEqualTo("5h 00m");
        assertThat(Durations.coarse(Duration.ofHours(50))).isEqualTo("2d 02h");
    }

    @Test
    void negativeDurationsCountAsZero() {
        assertThat(Durations.human(Duration.ofSeconds(-3))).isEqualTo("0.0 ms");
        assertThat(Durations.coarse(Duration.ofSeconds(-3))).isEqualTo("0s");
    }

    @Test
    void agoSaysJustNowNeverOrHowLong() {
        assertThat(Durations.ago(null, NOW)).isEqualTo("never");
        assertThat(Durations.ago(NOW.minusSeconds(2), NOW)).isEqualTo("just now");
        assertThat(Durations.ago(NOW.minusSeconds(300), NOW)).isEqualTo("5m ago");
    }

    @Test
    void untilSaysInHowLongOrExpired() {
        assertThat(Durations.until(NOW.plusSeconds(56 * 60), NOW)).isEqualTo("in 56m");
        assertThat(Durations.until(NOW, NOW)).isEqualTo("expired");
        assertThat(Durations.until(NOW.minusSeconds(1), NOW)).isEqualTo("expired");
    }

    @Test
    void parseReadsNumberUnitPairs() {
        assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse(" 1H30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void parseRefusesAnythingElseWithTheSyntax() {
        for (String bad : new String[] {null, "", "1", "h", "1h 30m", "1w", "-1h", "1234567s"}) {
            assertThatThrownBy(() -> Durations.parse(bad)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("such as 30m");
        }
    }
}
