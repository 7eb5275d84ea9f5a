package fr.interrupt.meshcp.desktop.health;

import fr.interrupt.meshcp.desktop.machines.MachineDetailsViewModel;
import fr.interrupt.meshcp.desktop.ui.Formats;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/**
 * The "Last hour" panel of a machine's page (machine-health.fxml, included by machine-details.fxml): CPU, memory and
 * disk sparklines from {@link HealthHistory}, with the latest value and the hour's range.
 */
public final class MachineHealthController {
    private final MachineDetailsViewModel details;
    private final HealthHistory history;
    private final Map<HealthSample.Measure, Sparkline> lines = new EnumMap<>(HealthSample.Measure.class);
    private final Map<HealthSample.Measure, Label> latest = new EnumMap<>(HealthSample.Measure.class);

    @FXML
    private GridPane healthGrid;
    @FXML
    private Label healthNote;

    public MachineHealthController(MachineDetailsViewModel details, HealthHistory history) {
        this.details = details;
        this.history = history;
    }

    @FXML
    private void initialize() {
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(70);
        ColumnConstraints spark = new ColumnConstraints();
        spark.setHgrow(Priority.ALWAYS);
        ColumnConstraints values = new ColumnConstraints();
        healthGrid.getColumnConstraints().setAll(labels, spark, values);
        int row = 0;
        for (HealthSample.Measure measure : HealthSample.Measure.values()) {
            Label label = new Label(measure.label());
            label.getStyleClass().add(fr.interrupt.meshcp.desktop.ui.Styles.FACT_LABEL);
            Sparkline line = new Sparkline(HealthHistory.WINDOW);
            line.setId("health-" + measure.name().toLowerCase(Locale.ROOT));
            line.setMaxWidth(Double.MAX_VALUE);
            Label value = new Label();
            value.setId("health-" + measure.name().toLowerCase(Locale.ROOT) + "-value");
            value.getStyleClass().add(atlantafx.base.theme.Styles.TEXT_MUTED);
            value.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the sparkline gives way, never the numbers
            value.setTooltip(new Tooltip(measure.label() + " over the last hour, one point per poll (every 5 s) while this app runs"));
            healthGrid.addRow(row++, label, line, value);
            lines.put(measure, line);
            latest.put(measure, value);
        }
        details.nameProperty().addListener((obs, old, now) -> redraw());
        history.versionProperty().addListener((obs, old, now) -> redraw());
        redraw();
    }

    private void redraw() {
        String machine = details.nameProperty().get();
        List<HealthSample> samples = machine == null ? List.of() : history.samples(machine);
        for (HealthSample.Measure measure : HealthSample.Measure.values()) {
            lines.get(measure).show(samples, measure);
            Label value = latest.get(measure);
            value.setText(describe(samples, measure));
        }
        long polls = samples.size();
        healthNote.setText(polls == 0 ? "Filled from the app's polls while it runs: no poll of this machine yet."
                : polls + " poll" + (polls == 1 ? "" : "s") + " since " + Formats.dateTime(samples.get(0).time()));
    }

    /** "12% now · 3%–41% in the hour", "unknown now · 3%–41% in the hour" (offline), or "no data". */
    static String describe(List<HealthSample> samples, HealthSample.Measure measure) {
        List<Double> known = samples.stream().map(s -> s.value(measure)).filter(Objects::nonNull).toList();
        if (known.isEmpty()) {
            return "no data";
        }
        Double now = samples.get(samples.size() - 1).value(measure);
        String head = now == null ? "unknown now" : Formats.percent(now) + " now";
        double min = known.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = known.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return head + " · " + Formats.percent(min) + "–" + Formats.percent(max) + " in the hour";
    }
}
