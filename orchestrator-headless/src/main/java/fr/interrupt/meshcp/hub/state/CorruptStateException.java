package fr.interrupt.meshcp.hub.state;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.nio.file.Path;

/** A state file exists but cannot be parsed: the process stops rather than replace it. */
public final class CorruptStateException extends MeshcpException {
    public CorruptStateException(Path file, String detail, Throwable cause) {
        super(Kind.STATE, file + " is corrupt (" + detail + "). meshcp will not overwrite it: "
                + "restore it from a backup, or move it aside to start that file afresh.", cause);
    }
}
