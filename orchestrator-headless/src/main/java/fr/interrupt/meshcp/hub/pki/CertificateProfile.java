package fr.interrupt.meshcp.hub.pki;

import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Everything the CA puts into a leaf certificate, per role (DESIGN.md "Certificates and identity").
 *
 * @param shortLived whether the hub's configured leaf validity ({@code ca set-validity}, default 30 days) caps
 *                   {@code validity}: agent and orchestrator-client certificates, which renew themselves; the
 *                   enrollment endpoint's certificate is pinned through the CA and keeps its 5 years
 */
public record CertificateProfile(String commonName, Duration validity, ExtendedKeyUsage extendedKeyUsage,
                                 GeneralNames subjectAlternativeNames, boolean shortLived) {
    private static final Duration LEAF_VALIDITY = Duration.ofDays(5 * 365);
    /** The default validity of the certificates that renew themselves (agents, the hub's client certificate). */
    public static final Duration DEFAULT_SHORT_VALIDITY = Duration.ofDays(30);

    /** A profile that is not capped by the configured leaf validity. */
    public CertificateProfile(String commonName, Duration validity, ExtendedKeyUsage extendedKeyUsage,
                              GeneralNames subjectAlternativeNames) {
        this(commonName, validity, extendedKeyUsage, subjectAlternativeNames, false);
    }

    /** This profile with another validity. */
    public CertificateProfile withValidity(Duration other) {
        return new CertificateProfile(commonName, other, extendedKeyUsage, subjectAlternativeNames, shortLived);
    }

    /** An agent: serverAuth only, DNS SAN = machine name, URI SAN meshcp://agent/NAME. */
    public static CertificateProfile agent(String machineName) {
        return new CertificateProfile(machineName, DEFAULT_SHORT_VALIDITY, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth),
                new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, machineName),
                    new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.agentUri(machineName))}), true);
    }

    /** The hub when it dials agents: clientAuth only, URI SAN meshcp://orchestrator. */
    public static CertificateProfile orchestratorClient() {
        return new CertificateProfile("meshcp orchestrator", DEFAULT_SHORT_VALIDITY, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth),
                new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.ORCHESTRATOR_URI)), true);
    }

    /** The enrollment endpoint: serverAuth, URI SAN meshcp://enrollment, plus the hub's names and addresses. */
    public static CertificateProfile enrollmentServer(Collection<String> dnsNames, Collection<InetAddress> addresses) {
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.uniformResourceIdentifier, CertificateRoles.ENROLLMENT_URI));
        for (String dns : dnsNames) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (InetAddress address : addresses) {
            names.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress().replaceAll("%.*$", "")));
        }
        return new CertificateProfile("meshcp enrollment", LEAF_VALIDITY, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth),
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }
}
