package fr.interrupt.meshcp.desktop.ui;

/** The app's own style classes (desktop.css); AtlantaFX's are in atlantafx.base.theme.Styles. */
public final class Styles {
    public static final String MONO = "mono";
    public static final String DOT = "dot";
    public static final String STDERR = "stderr";
    public static final String NOTE = "note";
    public static final String PANEL = "panel";
    public static final String PANEL_TITLE = "panel-title";
    public static final String FACT_LABEL = "fact-label";
    public static final String FACT_VALUE = "fact-value";
    public static final String CHIP = "chip";

    private Styles() {
    }
}
