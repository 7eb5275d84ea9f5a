package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.jobs.ExecState;

/** How a job's {@link ExecState} looks: the colour of its status dot and of its summary text. */
public final class StateStyle {
    private StateStyle() {
    }

    /** The dot's style class: grey while running, green for exit 0, amber when cancelled, red otherwise. */
    public static String dot(ExecState state, boolean succeeded) {
        switch (state) {
            case RUNNING:
                return "status-checking";
            case CANCELLED:
                return "status-warning";
            case EXITED:
                return succeeded ? "status-online" : "status-offline";
            default:
                return "status-offline";
        }
    }

    /** An AtlantaFX text style class for the same meaning. */
    public static String text(ExecState state, boolean succeeded) {
        switch (state) {
            case RUNNING:
                return atlantafx.base.theme.Styles.TEXT_MUTED;
            case CANCELLED:
                return atlantafx.base.theme.Styles.WARNING;
            case EXITED:
                return succeeded ? atlantafx.base.theme.Styles.SUCCESS : atlantafx.base.theme.Styles.DANGER;
            default:
                return atlantafx.base.theme.Styles.DANGER;
        }
    }

    /**
     * The tab badge's style class ("exit 1" as a word on a tinted chip): a job's outcome is never a round dot,
     * which means "online/offline" everywhere in the app.
     */
    public static String badge(ExecState state, boolean succeeded) {
        switch (state) {
            case RUNNING:
                return "badge-running";
            case CANCELLED:
                return "badge-warning";
            case EXITED:
                return succeeded ? "badge-success" : "badge-danger";
            default:
                return "badge-danger";
        }
    }

    /** Every class {@link #text} may answer, to remove before adding the current one. */
    static String[] textClasses() {
        return new String[] {atlantafx.base.theme.Styles.TEXT_MUTED, atlantafx.base.theme.Styles.WARNING,
            atlantafx.base.theme.Styles.SUCCESS, atlantafx.base.theme.Styles.DANGER};
    }
}
