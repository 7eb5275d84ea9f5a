package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.regex.Pattern;

/**
 * A job on the fleet: the machine it runs on and the id its agent gave it. Written
 * {@code MACHINE:ID}, e.g. {@code web-1:3f9a0c12ab34}; the id alone names it when only one machine has it.
 */
public record JobRef(String machine, String id) {
    private static final Pattern ID = Pattern.compile("[0-9a-f]{12}");

    public JobRef {
        if (!ID.matcher(id).matches()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "invalid job id \"" + Printable.of(id, 80)
                    + "\": a job id is MACHINE:ID, or the ID alone, ID being 12 hex digits (as exec --detach, jobs and list_jobs print it)");
        }
    }

    /**
     * Parses {@code MACHINE:ID}; with no colon, {@code machine()} is null and the caller looks the id up on the fleet.
     * Throws INVALID_INPUT with a sentence for anything else.
     */
    public static JobRef parse(String text) {
        if (text == null || text.isBlank()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "missing job id (MACHINE:ID, as jobs prints it)");
        }
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon < 0) {
            return new JobRef(null, trimmed.toLowerCase(java.util.Locale.ROOT));
        }
        String machine = trimmed.substring(0, colon);
        try {
            MachineName.require(machine);
        } catch (IllegalArgumentException e) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "invalid job id \"" + Printable.of(trimmed, 80)
                    + "\": " + e.getMessage());
        }
        return new JobRef(machine, trimmed.substring(colon + 1).toLowerCase(java.util.Locale.ROOT));
    }

    /** True when the machine is named. */
    public boolean qualified() {
        return machine != null;
    }

    public JobRef on(String machineName) {
        return new JobRef(machineName, id);
    }

    @Override
    public String toString() {
        return machine == null ? id : machine + ":" + id;
    }
}
