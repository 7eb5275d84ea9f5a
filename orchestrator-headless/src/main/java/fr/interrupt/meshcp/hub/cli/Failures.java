package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.MeshcpException;

/** Finding the failure a person can act on inside whatever a command threw. */
final class Failures {
    private Failures() {
    }

    /** The first {@link MeshcpException} in {@code thrown}'s cause chain, or null when there is none (a bug). */
    static MeshcpException meshcp(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof MeshcpException m) {
                return m;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
