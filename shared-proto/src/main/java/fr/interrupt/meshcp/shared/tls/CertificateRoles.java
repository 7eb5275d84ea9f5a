package fr.interrupt.meshcp.shared.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The roles a meshcp certificate can carry, recognised by their URI SAN and extended key usage.
 * Being signed by the CA is not enough: each side also checks the role of its peer.
 */
public final class CertificateRoles {
    public static final String ORCHESTRATOR_URI = "meshcp://orchestrator";
    public static final String ENROLLMENT_URI = "meshcp://enrollment";
    public static final String AGENT_URI_PREFIX = "meshcp://agent/";
    public static final String EKU_SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    public static final String EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private CertificateRoles() {
    }

    public static String agentUri(String machineName) {
        return AGENT_URI_PREFIX + machineName;
    }

    /** The orchestrator's client certificate: clientAuth, URI SAN meshcp://orchestrator. */
    public static boolean isOrchestrator(X509Certificate cert) {
        return hasEku(cert, EKU_CLIENT_AUTH) && !hasEku(cert, EKU_SERVER_AUTH)
                && uris(cert).equals(List.of(ORCHESTRATOR_URI)) && !isCa(cert);
    }

    /** An agent certificate for exactly this machine: serverAuth only, DNS SAN name, URI SAN meshcp://agent/name. */
    public static boolean isAgent(X509Certificate cert, String machineName) {
        return hasEku(cert, EKU_SERVER_AUTH) && !hasEku(cert, EKU_CLIENT_AUTH)
                && uris(cert).equals(List.of(agentUri(machineName)))
                && dnsNames(cert).equals(List.of(machineName)) && !isCa(cert);
    }

    /** The enrollment endpoint's server certificate. */
    public static boolean isEnrollmentServer(X509Certificate cert) {
        return hasEku(cert, EKU_SERVER_AUTH) && uris(cert).contains(ENROLLMENT_URI) && !isCa(cert);
    }

    public static boolean isCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    public static List<String> uris(X509Certificate cert) {
        return sans(cert, SAN_URI);
    }

    public static List<String> dnsNames(X509Certificate cert) {
        return sans(cert, SAN_DNS);
    }

    private static boolean hasEku(X509Certificate cert, String oid) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(oid);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private static List<String> sans(X509Certificate cert, int type) {
        List<String> result = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) {
                return result;
            }
            for (List<?> entry : all) {
                if (entry.size() >= 2 && Integer.valueOf(type).equals(entry.get(0)) && entry.get(1) instanceof String s) {
                    result.add(s);
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return result;
    }
}
