package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.MeshcpException;

/** A tool call the hub's policy for Claude refused; the message names the rule and where to change it. */
final class PolicyRefusedException extends MeshcpException {
    PolicyRefusedException(String message) {
        super(Kind.REFUSED, message);
    }
}
