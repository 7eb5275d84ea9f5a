package fr.interrupt.meshcp.hub.enroll;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.pki.CertificateProfile;
import fr.interrupt.meshcp.hub.pki.CsrValidator;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.tokens.EnrollmentRefusedException;
import fr.interrupt.meshcp.hub.tokens.TokenService;
import fr.interrupt.meshcp.shared.MachineName;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.text.Printable;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.net.InetAddress;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;

/**
 * Turns a valid enrollment request into a signed agent certificate and a registry entry.
 * Order matters: everything that can be checked without spending the token is checked first.
 */
public final class EnrollmentService {
    private final TokenService tokens;
    private final CertificateAuthority ca;
    private final MachineRegistry registry;
    private final AuditLog audit;
    private final Clock clock;
    private final DialHost dialHost = new DialHost();

    public EnrollmentService(TokenService tokens, CertificateAuthority ca, MachineRegistry registry, AuditLog audit, Clock clock) {
        this.tokens = tokens;
        this.ca = ca;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    public EnrollResponse enroll(EnrollRequest request, InetAddress remote) {
        if (request.tokenId() == null || request.tokenSecret() == null) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "invalid token");
        }
        if (request.name() != null && !request.name().isEmpty()) {
            try {
                MachineName.require(request.name());
            } catch (IllegalArgumentException e) {
                throw MeshcpException.invalidInput(e);
            }
        }
        if (request.grpcPort() < 1 || request.grpcPort() > 65535) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "grpcPort must be between 1 and 65535");
        }
        String host = dialHost.choose(request.advertiseHost(), remote);
        PublicKey key = CsrValidator.validatedPublicKey(request.csrPem());

        audit.requireWritable();
        ca.requireCurrent(); // before the token is spent: after a restart of this program it still enrolls
        String name = tokens.consume(request.tokenId(), request.tokenSecret(), request.name());

        X509Certificate certificate = ca.issue(CertificateProfile.agent(name), key);
        try {
            registry.add(new Machine(name, host, request.grpcPort(), CertificateAuthority.serialOf(certificate),
                    CaPin.fingerprint(certificate), clean(request.hostname()), clean(request.os()), clean(request.arch()),
                    clean(request.agentVersion()), clock.instant(), null));
        } catch (MeshcpException e) {
            if (e.kind() != MeshcpException.Kind.CONFLICT) {
                throw e;
            }
            // another token for the same name won the race after our token check: the same refusal a
            // genuine holder gets from consume(), not a failure that counts against the address
            throw EnrollmentRefusedException.because("machine \"" + name + "\" is already enrolled; remove it on the hub first");
        }
        audit.record("enroll", name, Map.of("address", host + ":" + request.grpcPort(), "from", remote.getHostAddress(),
                "token", request.tokenId(), "serial", CertificateAuthority.serialOf(certificate)));
        return new EnrollResponse(name, Pem.encode(certificate), Pem.encode(ca.certificate()));
    }

    /**
     * Whether the request carries a token id and its genuine secret (whatever the token's state): such a caller is
     * a token holder, not a guesser, and passes the failure rate limits. Compared in constant time; spends nothing.
     */
    public boolean presentsGenuineToken(EnrollRequest request) {
        return request.tokenId() != null && request.tokenSecret() != null
                && tokens.isGenuine(request.tokenId(), request.tokenSecret());
    }

    /** Facts reported by the agent are shown to people: keep them short and printable. */
    private static String clean(String fact) {
        return Printable.of(fact, 100);
    }
}
