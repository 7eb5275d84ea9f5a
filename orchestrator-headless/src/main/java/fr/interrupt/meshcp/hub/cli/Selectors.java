package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.labels.LabelSelector;

/** The CLI's {@code -l SELECTOR}: parsed by the one {@link LabelSelector}, its errors in the flag's words. */
final class Selectors {
    private Selectors() {
    }

    /**
     * Parses the value of {@code -l}.
     *
     * @throws MeshcpException INVALID_INPUT (exit 2) naming -l and what is wrong with the selector
     */
    static LabelSelector parse(String text) {
        try {
            return LabelSelector.parse(text);
        } catch (IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "-l: " + e.getMessage());
        }
    }
}
