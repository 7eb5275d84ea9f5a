package fr.interrupt.meshcp.hub.fleet;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import java.security.cert.X509Certificate;
import java.util.function.BiPredicate;

/**
 * When the hub dials a machine, the certificate presented must be that machine's: agent role,
 * its name, the serial recorded at enrollment, and not revoked. One enrolled machine can
 * therefore never answer for another.
 */
final class AgentIdentityRule implements CaTrustManager.PeerRule {
    private final Machine machine;
    private final MachineRegistry registry;
    private final BiPredicate<String, String> renewing;

    AgentIdentityRule(Machine machine, MachineRegistry registry) {
        this(machine, registry, (name, serial) -> false);
    }

    /**
     * renewing(name, serial) says whether serial is a certificate issued to machine name by a renewal not yet
     * confirmed: accepted besides the registry's, so a renewal interrupted at any step never locks the hub out.
     */
    AgentIdentityRule(Machine machine, MachineRegistry registry, BiPredicate<String, String> renewing) {
        this.machine = machine;
        this.registry = registry;
        this.renewing = renewing;
    }

    @Override
    public void check(X509Certificate leaf) throws AgentIdentityException {
        String serial = CertificateAuthority.serialOf(leaf);
        if (!CertificateRoles.isAgent(leaf, machine.name())) {
            throw new AgentIdentityException("the agent at " + machine.address() + " presented a certificate for "
                    + describe(leaf) + ", not for machine \"" + machine.name() + "\"");
        }
        if (!serial.equals(machine.certificateSerial()) && !renewing.test(machine.name(), serial)) {
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
