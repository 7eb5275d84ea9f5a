package fr.interrupt.meshcp.desktop.machines;

/** A used-of-total figure: {@code fraction} 0..1 for a progress bar, {@code text} to read beside it. */
public record UsageBar(String label, double fraction, String text) {
}
