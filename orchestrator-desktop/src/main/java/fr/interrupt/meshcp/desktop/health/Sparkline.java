package fr.interrupt.meshcp.desktop.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.layout.Region;
import javafx.scene.shape.Polyline;

/**
 * A small line of percentages over a time window, right edge at the newest sample: one {@link Polyline} per run of
 * known values, so an offline stretch is a gap rather than a fall to zero. Plain JavaFX shapes styled by CSS
 * ({@code .sparkline}, {@code .sparkline-line}, {@code .sparkline-area}), so both themes colour it.
 */
public final class Sparkline extends Region {
    /** Style class of the node; its lines carry {@link #LINE_STYLE}. */
    public static final String STYLE = "sparkline";
    public static final String LINE_STYLE = "sparkline-line";

    private final Duration window;
    private List<Instant> times = List.of();
    private List<Double> values = List.of();

    /** {@code window}: the time the full width stands for. */
    public Sparkline(Duration window) {
        this.window = window;
        getStyleClass().add(STYLE);
        setMinHeight(24);
        setPrefHeight(36);
        setMinWidth(60);
        setPrefWidth(240);
    }

    /** Shows {@code samples}' values of {@code measure}, oldest first. */
    public void show(List<HealthSample> samples, HealthSample.Measure measure) {
        List<Instant> t = new ArrayList<>(samples.size());
        List<Double> v = new ArrayList<>(samples.size());
        for (HealthSample s : samples) {
            t.add(s.time());
            v.add(s.value(measure));
        }
        times = t;
        values = v;
        requestLayout();
    }

    /** The number of separate line segments drawn (runs of known values); for tests. */
    public int segments() {
        return (int) getChildren().stream().filter(Polyline.class::isInstance).count();
    }

    @Override
    protected void layoutChildren() {
        getChildren().clear();
        double width = getWidth() - snappedLeftInset() - snappedRightInset();
        double height = getHeight() - snappedTopInset() - snappedBottomInset();
        if (times.isEmpty() || width <= 0 || height <= 0) {
            return;
        }
        Instant end = times.get(times.size() - 1);
        Instant start = end.minus(window);
        Polyline current = null;
        for (int i = 0; i < times.size(); i++) {
            Double value = values.get(i);
            if (value == null) {
                current = null;
                continue;
            }
            double fraction = Math.min(1, Math.max(0, (double) Duration.between(start, times.get(i)).toMillis() / window.toMillis()));
            double x = snappedLeftInset() + width * fraction;
            double y = snappedTopInset() + height * (1 - Math.max(0, Math.min(100, value)) / 100.0);
            if (current == null) {
                current = new Polyline();
                current.getStyleClass().add(LINE_STYLE);
                current.setManaged(false);
                getChildren().add(current);
            }
            current.getPoints().addAll(x, y);
        }
        // a single known sample is a short stub drawn leftwards (inside the box), so a machine polled once shows something
        getChildren().stream().filter(Polyline.class::isInstance).map(Polyline.class::cast)
                .filter(line -> line.getPoints().size() == 2)
                .forEach(line -> line.getPoints().addAll(0, java.util.List.of(
                        Math.max(snappedLeftInset(), line.getPoints().get(0) - 3), line.getPoints().get(1))));
    }
}
