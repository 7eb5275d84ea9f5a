package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.pki.CertificateProfile;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's client TLS context is built once per credential and follows its files when they change. */
class ClientTlsContextsTest {
    @TempDir
    Path dir;
    TestHub hub;
    Path certFile;
    Path keyFile;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir.resolve("hub"));
        certFile = dir.resolve("orchestrator.crt");
        keyFile = dir.resolve("orchestrator.key");
    }

    @AfterEach
    void close() {
        hub.close();
    }

    private Credential issue() {
        KeyPair pair = KeyPairs.generateP256();
        X509Certificate cert = hub.ca().issue(CertificateProfile.orchestratorClient(), pair.getPublic());
        return new Credential(pair.getPrivate(), cert, hub.ca().certificate());
    }

    private void write(Credential credential) throws Exception {
        StateFiles.writeAtomically(keyFile, Pem.encode(credential.key()).getBytes(StandardCharsets.US_ASCII));
        StateFiles.writeAtomically(certFile, Pem.encode(credential.certificate()).getBytes(StandardCharsets.US_ASCII));
    }

    private static X509Certificate presented(KeyManagerFactory factory) {
        X509KeyManager manager = (X509KeyManager) factory.getKeyManagers()[0];
        String alias = manager.chooseClientAlias(new String[] {"EC"}, null, null);
        return manager.getCertificateChain(alias)[0];
    }

    @Test
    void unchangedFilesGiveTheSameKeyManagerToEveryChannel() throws Exception {
        Credential first = issue();
        write(first);
        ClientTlsContexts tls = ClientTlsContexts.watching(certFile, keyFile, first);

        KeyManagerFactory once = tls.keyManagers();

        assertThat(tls.keyManagers()).isSameAs(once);
        assertThat(presented(once)).isEqualTo(first.certificate());
    }

    @Test
    void aRenewedCertificateFileGivesANewContextPresentingIt() throws Exception {
        Credential first = issue();
        write(first);
        ClientTlsContexts tls = ClientTlsContexts.watching(certFile, keyFile, first);
        KeyManagerFactory before = tls.keyManagers();

        Credential renewed = issue();
        write(renewed);

        assertThat(tls.keyManagers()).isNotSameAs(before);
        assertThat(presented(tls.keyManagers())).isEqualTo(renewed.certificate());
        assertThat(tls.credential().certificate()).isEqualTo(renewed.certificate());
    }

    @Test
    void aNewKeyBesideTheOldCertificateKeepsTheLoadedPairUntilTheCertificateFollows() throws Exception {
        Credential first = issue();
        write(first);
        ClientTlsContexts tls = ClientTlsContexts.watching(certFile, keyFile, first);
        Credential renewed = issue();

        StateFiles.writeAtomically(keyFile, Pem.encode(renewed.key()).getBytes(StandardCharsets.US_ASCII));
        assertThat(presented(tls.keyManagers())).isEqualTo(first.certificate());

        StateFiles.writeAtomically(certFile, Pem.encode(renewed.certificate()).getBytes(StandardCharsets.US_ASCII));
        assertThat(presented(tls.keyManagers())).isEqualTo(renewed.certificate());
    }

    @Test
    void aCredentialWithoutFilesIsBuiltOnce() {
        ClientTlsContexts tls = ClientTlsContexts.fixed(issue());

        assertThat(tls.keyManagers()).isSameAs(tls.keyManagers());
    }
}
