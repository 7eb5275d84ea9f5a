package fr.interrupt.meshcp.hub.fleet;

import java.security.cert.CertificateException;

/** The agent at a machine's address presented a certificate that is not that machine's. */
public final class AgentIdentityException extends CertificateException {
    public AgentIdentityException(String message) {
        super(message);
    }
}
