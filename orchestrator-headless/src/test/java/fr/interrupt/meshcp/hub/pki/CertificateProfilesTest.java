package fr.interrupt.meshcp.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.Csrs;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CA puts into each role's certificate, whatever the CSR asked for. */
class CertificateProfilesTest {
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String SUBJECT_KEY_ID = "2.5.29.14";
    private static final String AUTHORITY_KEY_ID = "2.5.29.35";

    @TempDir
    Path dir;
    TestHub hub;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir);
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private X509Certificate enroll(String name, String csrPem) {
        IssuedToken token = hub.token(name);
        EnrollResponse response = hub.enrollment().enroll(new EnrollRequest(token.token().id(), token.token().secret(),
                name, csrPem, "host", "Linux", "amd64", "0.1.0", "127.0.0.1", 7444), InetAddress.getLoopbackAddress());
        return Pem.certificate(response.certificatePem());
    }

    private static Set<String> extensionOids(X509Certificate cert) {
        Set<String> all = new HashSet<>(cert.getCriticalExtensionOIDs());
        all.addAll(cert.getNonCriticalExtensionOIDs());
        return all;
    }

    @Test
    void anAgentCertificateHasExactlyTheAgentProfile() throws Exception {
        KeyPair key = KeyPairs.generateP256();
        X509Certificate cert = enroll("web-1", Csrs.forKey(key, "web-1"));

        assertThat(cert.getExtendedKeyUsage()).containsExactly(CertificateRoles.EKU_SERVER_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "web-1"), List.of(6, "meshcp://agent/web-1"));
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(cert.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=web-1");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(hub.ca().certificate().getSubjectX500Principal());
        cert.verify(hub.ca().certificate().getPublicKey());
        assertThat(extensionOids(cert)).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE, EXTENDED_KEY_USAGE,
                SUBJECT_ALT_NAME, SUBJECT_KEY_ID, AUTHORITY_KEY_ID);
    }

    @Test
    void nothingRequestedInTheCsrIsCopiedIntoTheCertificate() throws Exception {
        KeyPair key = KeyPairs.generateP256();
        X509Certificate cert = enroll("web-2", Csrs.askingForTooMuch(key, "meshcp orchestrator"));

        assertThat(cert.getBasicConstraints()).as("CA:true requested, must not be granted").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CertificateRoles.EKU_SERVER_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "web-2"), List.of(6, "meshcp://agent/web-2"));
        boolean[] keyUsage = cert.getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[5]).as("keyCertSign").isFalse();
        assertThat(keyUsage[6]).as("cRLSign").isFalse();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=web-2");
        assertThat(CertificateRoles.isOrchestrator(cert)).isFalse();
        assertThat(CertificateRoles.isAgent(cert, "other-machine")).isFalse();
        assertThat(CertificateRoles.isAgent(cert, "web-2")).isTrue();
        assertThat(extensionOids(cert)).containsExactlyInAnyOrder(BASIC_CONSTRAINTS, KEY_USAGE, EXTENDED_KEY_USAGE,
                SUBJECT_ALT_NAME, SUBJECT_KEY_ID, AUTHORITY_KEY_ID);
    }

    @Test
    void theOrchestratorClientCertificateHasOnlyTheOrchestratorRole() throws Exception {
        X509Certificate cert = Pem.readCertificate(hub.paths().hubDir().resolve("orchestrator.crt"));

        assertThat(cert.getExtendedKeyUsage()).containsExactly(CertificateRoles.EKU_CLIENT_AUTH);
        assertThat(cert.getSubjectAlternativeNames()).containsExactly(List.of(6, "meshcp://orchestrator"));
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        cert.verify(hub.ca().certificate().getPublicKey());
    }

    @Test
    void rolesAreRecognisedAndNeverConfused() throws Exception {
        X509Certificate agent = enroll("db", Csrs.forKey(KeyPairs.generateP256(), "db"));
        X509Certificate orchestrator = Pem.readCertificate(hub.paths().hubDir().resolve("orchestrator.crt"));
        X509Certificate enrollment = Pem.readCertificate(hub.paths().hubDir().resolve("enrollment.crt"));
        X509Certificate ca = hub.ca().certificate();

        assertThat(CertificateRoles.isAgent(agent, "db")).isTrue();
        assertThat(CertificateRoles.isAgent(agent, "dbx")).isFalse();
        assertThat(CertificateRoles.isOrchestrator(agent)).isFalse();
        assertThat(CertificateRoles.isEnrollmentServer(agent)).isFalse();

        assertThat(CertificateRoles.isOrchestrator(orchestrator)).isTrue();
        assertThat(CertificateRoles.isAgent(orchestrator, "orchestrator")).isFalse();
        assertThat(CertificateRoles.isEnrollmentServer(orchestrator)).isFalse();

        assertThat(CertificateRoles.isEnrollmentServer(enrollment)).isTrue();
        assertThat(CertificateRoles.isOrchestrator(enrollment)).isFalse();

        assertThat(CertificateRoles.isOrchestrator(ca)).isFalse();
        assertThat(CertificateRoles.isAgent(ca, "db")).isFalse();
        assertThat(CertificateRoles.isEnrollmentServer(ca)).isFalse();
    }
}
