package fr.interrupt.meshcp.desktop.machines;

/** A label and its value, as the details page lists them. */
public record Fact(String label, String value) {
}
