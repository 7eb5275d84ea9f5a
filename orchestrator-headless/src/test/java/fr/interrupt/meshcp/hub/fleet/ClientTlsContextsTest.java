package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.pki.CertificateProfile;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.pki.HubClientCredential;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.state.StateFiles;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import io.grpc.netty.shaded.io.netty.handler.ssl.JdkSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's client key manager is built once per credential and follows the credential files when they change. */
class ClientTlsContextsTest {
    @TempDir
    Path dir;
    TestHub hub;
    HubPaths paths;
    Path certFile;
    Path keyFile;

    @BeforeEach
    void open() {
        hub = TestHub.open(dir.resolve("hub"));
        paths = hub.paths();
        certFile = paths.hubDir().resolve("orchestrator.crt");
        keyFile = paths.hubDir().resolve("orchestrator.key");
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

    /** Writes the pair as a renewal does (key first), with a modification time that surely differs from the last. */
    private void write(Credential credential, int second) throws Exception {
        StateFiles.writeAtomically(keyFile, Pem.encode(credential.key()).getBytes(StandardCharsets.US_ASCII));
        StateFiles.writeAtomically(certFile, Pem.encode(credential.certificate()).getBytes(StandardCharsets.US_ASCII));
        Files.setLastModifiedTime(certFile, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(second)));
    }

    private ClientTlsContexts contexts(HubClientCredential client) {
        return new ClientTlsContexts(client, () -> List.of(hub.ca().certificate()), (name, serial) -> false);
    }

    private static X509Certificate presented(KeyManagerFactory factory) {
        X509KeyManager manager = (X509KeyManager) factory.getKeyManagers()[0];
        String alias = manager.chooseClientAlias(new String[] {"EC"}, null, null);
        return manager.getCertificateChain(alias)[0];
    }

    @Test
    void unchangedFilesGiveTheSameKeyManagerToEveryChannel() throws Exception {
        Credential first = issue();
        write(first, 1);
        ClientTlsContexts tls = contexts(new HubClientCredential(paths, first));

        KeyManagerFactory once = tls.keyManagers();

        assertThat(tls.keyManagers()).isSameAs(once);
        assertThat(presented(once)).isEqualTo(first.certificate());
    }

    @Test
    void aRenewedCertificateFileGivesANewKeyManagerPresentingIt() throws Exception {
        Credential first = issue();
        write(first, 1);
        ClientTlsContexts tls = contexts(new HubClientCredential(paths, first));
        KeyManagerFactory before = tls.keyManagers();

        Credential renewed = issue();
        write(renewed, 2);

        assertThat(tls.keyManagers()).isNotSameAs(before);
        assertThat(presented(tls.keyManagers())).isEqualTo(renewed.certificate());
    }

    @Test
    void aNewKeyBesideTheOldCertificateKeepsTheLoadedPairUntilTheCertificateFollows() throws Exception {
        Credential first = issue();
        write(first, 1);
        ClientTlsContexts tls = contexts(new HubClientCredential(paths, first));
        Credential renewed = issue();

        StateFiles.writeAtomically(keyFile, Pem.encode(renewed.key()).getBytes(StandardCharsets.US_ASCII));
        assertThat(presented(tls.keyManagers())).isEqualTo(first.certificate());

        write(renewed, 3);
        assertThat(presented(tls.keyManagers())).isEqualTo(renewed.certificate());
    }

    @Test
    void aCredentialThatNeverChangesIsBuiltOnce() {
        ClientTlsContexts tls = ClientTlsContexts.fixed(issue());

        assertThat(tls.keyManagers()).isSameAs(tls.keyManagers());
    }

    @Test
    void channelsToAgentsRunOnBoringSslWhereItLoads() {
        ClientTlsContexts tls = ClientTlsContexts.fixed(issue());
        Machine machine = new Machine("web-1", "127.0.0.1", 7444, "01", "00".repeat(32), "web-1", "Linux", "amd64", "1",
                Instant.EPOCH, null, Map.of(), Map.of());

        SslContext context = tls.forMachine(machine, hub.registry());

        assertThat(context).isInstanceOf(OpenSsl.isAvailable() ? ReferenceCountedOpenSslContext.class : JdkSslContext.class);
        assertThat(context.isClient()).isTrue();
    }
}
