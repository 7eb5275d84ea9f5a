package fr.interrupt.meshcp.desktop.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The per-machine rings behind the health sparklines: bounded by count and by the hour. */
class HealthHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private static HealthSample at(int seconds, double cpu) {
        return new HealthSample(T0.plusSeconds(seconds), cpu, 50.0, 70.0);
    }

    @Test
    void aFiveSecondPollKeeps721SamplesForTheHour() {
        assertThat(HealthHistory.capacityFor(Duration.ofSeconds(5))).isEqualTo(721);
    }

    @Test
    void theRingKeepsItsCapacityAndDropsTheOldest() {
        HealthHistory history = new HealthHistory(5);
        IntStream.range(0, 12).forEach(i -> history.add("web-1", at(i * 5, i)));

        assertThat(history.samples("web-1")).hasSize(5).extracting(HealthSample::cpu).containsExactly(7.0, 8.0, 9.0, 10.0, 11.0);
    }

    @Test
    void samplesOlderThanTheHourAreDroppedWhateverTheCapacity() {
        HealthHistory history = new HealthHistory(10_000);
        history.add("web-1", at(0, 1));
        history.add("web-1", at(1800, 2));
        history.add("web-1", at(3601, 3));

        assertThat(history.samples("web-1")).extracting(HealthSample::cpu).containsExactly(2.0, 3.0);
    }

    @Test
    void machinesHaveTheirOwnRings() {
        HealthHistory history = new HealthHistory(3);
        history.add("web-1", at(0, 1));
        history.add("db-1", at(0, 9));

        assertThat(history.samples("web-1")).extracting(HealthSample::cpu).containsExactly(1.0);
        assertThat(history.samples("db-1")).extracting(HealthSample::cpu).containsExactly(9.0);
        assertThat(history.samples("nas")).isEmpty();
    }

    @Test
    void anOfflinePollIsAGapNotAZero() {
        HealthSample offline = new HealthSample(T0, null, null, null);

        assertThat(offline.isGap()).isTrue();
        assertThat(offline.value(HealthSample.Measure.CPU)).isNull();
    }

    @Test
    void theLatestValueAndTheHoursRangeAreDescribed() {
        java.util.List<HealthSample> samples = java.util.List.of(at(0, 3), at(5, 41), new HealthSample(T0.plusSeconds(10), 12.0, null, null));

        assertThat(MachineHealthController.describe(samples, HealthSample.Measure.CPU)).isEqualTo("12% now · 3%–41% in the hour");
        assertThat(MachineHealthController.describe(samples, HealthSample.Measure.MEMORY)).isEqualTo("unknown now · 50%–50% in the hour");
        assertThat(MachineHealthController.describe(java.util.List.of(), HealthSample.Measure.DISK)).isEqualTo("no data");
    }
}
