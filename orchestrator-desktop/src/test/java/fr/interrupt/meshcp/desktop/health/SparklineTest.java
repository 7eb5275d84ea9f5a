package fr.interrupt.meshcp.desktop.health;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.it.Fx;
import java.time.Instant;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Polyline;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The sparkline draws runs of known values and leaves offline polls as gaps. */
@ExtendWith(ApplicationExtension.class)
class SparklineTest {
    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private Sparkline line;

    @Start
    void start(Stage stage) {
        line = new Sparkline(HealthHistory.WINDOW);
        stage.setScene(new Scene(new StackPane(line), 400, 40));
        stage.show();
    }

    @Test
    void anOfflineStretchSplitsTheLineInTwo() {
        List<HealthSample> samples = List.of(cpu(0, 10.0), cpu(5, 20.0), cpu(10, null), cpu(15, 30.0), cpu(20, 90.0));
        Fx.run(() -> {
            line.show(samples, HealthSample.Measure.CPU);
            line.layout();
        });

        assertThat(Fx.get(line::segments)).isEqualTo(2);
        Polyline last = Fx.get(() -> (Polyline) line.getChildrenUnmodifiable().get(1));
        List<Double> points = Fx.get(() -> List.copyOf(last.getPoints()));
        assertThat(points.get(0)).isLessThan(points.get(2)); // time runs left to right
        assertThat(points.get(1)).isGreaterThan(points.get(3)); // 90% is drawn higher than 30%
        assertThat(points.get(2)).isCloseTo(Fx.get(() -> line.getWidth() - line.snappedRightInset()), org.assertj.core.data.Offset.offset(0.5));
    }

    @Test
    void noSampleDrawsNothing() {
        Fx.run(() -> {
            line.show(List.of(), HealthSample.Measure.CPU);
            line.layout();
        });

        assertThat(Fx.get(line::segments)).isZero();
    }

    private static HealthSample cpu(int seconds, Double value) {
        return new HealthSample(T0.plusSeconds(seconds), value, null, null);
    }
}
