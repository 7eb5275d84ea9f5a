package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import java.security.cert.X509Certificate;

/**
 * When the hub dials a machine, the certificate presented must be that machine's: agent role,
 * its name, the serial recorded at enrollment, and not revoked. One enrolled machine can
 * therefore never answer for another.
 */
final class AgentIdentityRule implements CaTrustManager.PeerRule {
    private final Machine machine;
    private final MachineRegistry registry;

    AgentIdentityRule(Machine machine, MachineRegistry registry) {
        this.machine = machine;
        this.registry = registry;
    }

    @Override
    public void check(X509Certificate leaf) throws AgentIdentityException {
        String serial = CertificateAuthority.serialOf(leaf);
        if (!CertificateRoles.isAgent(leaf, machine.name())) {
            throw new AgentIdentityException("the agent at " + machine.address() + " presented a certificate for "
                    + describe(leaf) + ", not for machine \"" + machine.name() + "\"");
        }
        if (!serial.equals(machine.certificateSerial())) {
            throw new AgentIdentityException("the agent at " + machine.address() + " presented a certificate for \""
                    + machine.name() + "\" that is not the one issued at enrollment (serial " + serial + ")");
        }
        if (registry.isRevoked(serial)) {
            throw new AgentIdentityException("the agent at " + machine.address() + " presented a revoked certificate");
        }
    }

    private static String describe(X509Certificate leaf) {
        var uris = CertificateRoles.uris(leaf);
        return uris.isEmpty() ? "an unknown role" : String.join(", ", uris);
    }
}
