package fr.interrupt.meshcp.hub.pki;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key manager a credential builds presents exactly that key and chain, whatever wraps it in memory. */
class CredentialTest {
    @TempDir
    Path dir;

    @Test
    void theKeyManagerPresentsTheCredentialsKeyAndChain() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(new HubPaths(dir), Clock.systemUTC(), new SecureRandom());
        KeyPair pair = KeyPairs.generateP256();
        X509Certificate cert = ca.issue(CertificateProfile.orchestratorClient(), pair.getPublic());
        Credential credential = new Credential(pair.getPrivate(), cert, ca.certificate());

        X509KeyManager manager = (X509KeyManager) credential.keyManagers()[0];
        String alias = manager.chooseClientAlias(new String[] {"EC"}, null, null);

        assertThat(alias).isNotNull();
        assertThat(manager.getPrivateKey(alias).getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(manager.getCertificateChain(alias)).containsExactly(cert, ca.certificate());
    }
}
