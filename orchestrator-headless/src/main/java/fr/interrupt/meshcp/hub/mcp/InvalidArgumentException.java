package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.MeshcpException;

/** A tool argument that is missing, of the wrong type, or out of bounds: refused before any service call. */
public final class InvalidArgumentException extends MeshcpException {
    public InvalidArgumentException(String message) {
        super(Kind.INVALID_INPUT, message);
    }
}
