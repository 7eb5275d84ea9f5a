package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void bytesUseBinaryUnits() {
        assertThat(Formats.bytes(512)).isEqualTo("512 B");
        assertThat(Formats.bytes(1536)).isEqualTo("1.5 KB");
        assertThat(Formats.bytes(500L * 1024 * 1024 * 1024)).isEqualTo("500 GB");
    }

    @Test
    void spansReadLikeUptime() {
        assertThat(Formats.span(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Formats.span(Duration.ofMinutes(185))).isEqualTo("3h 5m");
        assertThat(Formats.span(Duration.ofHours(50))).isEqualTo("2d 2h");
    }

    @Test
    void countdownShowsMinutesAndSeconds() {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");
        assertThat(Formats.countdown(now.plusSeconds(3599), now)).isEqualTo("59:59");
        assertThat(Formats.countdown(now.plusSeconds(3 * 3600 + 61), now)).isEqualTo("3:01:01");
        assertThat(Formats.countdown(now.minusSeconds(5), now)).isEqualTo("0:00");
    }

    @Test
    void modeReadsLikeLs() {
        assertThat(Formats.mode(0755)).isEqualTo("rwxr-xr-x");
        assertThat(Formats.mode(0640)).isEqualTo("rw-r-----");
    }
}
