package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void countdownShowsMinutesAndSeconds() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(Formats.countdown(now.plusSeconds(3599), now)).isEqualTo("59:59");
        assertThat(Formats.countdown(now.plusSeconds(3 * 3600 + 61), now)).isEqualTo("3:01:01");
        assertThat(Formats.countdown(now.minusSeconds(5), now)).isEqualTo("0:00");
    }

    @Test
    void percentIsRounded() {
        assertThat(Formats.percent(42.4)).isEqualTo("42%");
    }
}
