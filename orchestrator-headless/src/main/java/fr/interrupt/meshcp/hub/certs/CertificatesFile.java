package fr.interrupt.meshcp.hub.certs;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The content of certificates.json: the certificate lifecycle's state, next to registry.json (which keeps each
 * machine's current serial).
 *
 * @param leafValidityDays days an agent or hub client certificate lasts; null: the 30-day default
 * @param denyListVersion  version of the hub deny list; 0 before the first revocation
 * @param denyListIssuedAt when that version was made; null before the first revocation
 * @param revokedHub       the hub client certificates no agent may accept any more
 * @param renewing         per machine, the certificate of a renewal issued but not yet confirmed in use
 * @param machines         per machine, the certificate it served when last asked (serial and dates)
 */
public record CertificatesFile(int version, Integer leafValidityDays, long denyListVersion, Instant denyListIssuedAt,
                               List<RevokedHubCertificate> revokedHub, Map<String, Renewal> renewing,
                               Map<String, MachineCertificate> machines) {
    public CertificatesFile {
        revokedHub = revokedHub == null ? List.of() : List.copyOf(revokedHub);
        renewing = renewing == null ? Map.of() : Map.copyOf(renewing);
        machines = machines == null ? Map.of() : Map.copyOf(machines);
    }

    public static CertificatesFile empty() {
        return new CertificatesFile(1, null, 0, null, List.of(), Map.of(), Map.of());
    }

    /** A revoked orchestrator client certificate. */
    public record RevokedHubCertificate(String serial, Instant revokedAt) {
    }

    /**
     * A renewal under way: certificate {@code serial} (SHA-256 {@code sha256}) was issued to replace
     * {@code replacesSerial}; it is accepted from the machine only while the registry still holds that serial.
     */
    public record Renewal(String serial, String sha256, String replacesSerial, Instant notAfter) {
    }

    /**
     * A machine's certificate as its agent last reported it.
     *
     * @param issuerPin   CaPin of the CA that issued it (null in files written before CA rotation existed)
     * @param trustedPins CaPin of each CA the agent trusts (null: not reported)
     */
    public record MachineCertificate(String serial, Instant notBefore, Instant notAfter, Instant checkedAt, String issuerPin,
                                     List<String> trustedPins) {
        public MachineCertificate {
            trustedPins = trustedPins == null ? List.of() : List.copyOf(trustedPins);
        }

        /** Without the CAs (tests, older files). */
        public MachineCertificate(String serial, Instant notBefore, Instant notAfter, Instant checkedAt) {
            this(serial, notBefore, notAfter, checkedAt, null, null);
        }
    }
}
