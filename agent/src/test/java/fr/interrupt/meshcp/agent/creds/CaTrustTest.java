package fr.interrupt.meshcp.agent.creds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.TestPki;
import fr.interrupt.meshcp.proto.agent.v1.SignedTrustedCas;
import fr.interrupt.meshcp.proto.agent.v1.TrustedCas;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.shared.tls.TrustedCaSignature;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CAs an agent trusts during a rotation: set only by a trusted CA, newer, keeping the agent's own CA. */
class CaTrustTest {
    private final TestPki old = TestPki.create("old-ca");
    private final TestPki next = TestPki.create("new-ca");
    @TempDir
    Path creds;

    private static SignedTrustedCas set(long issuedAt, TestPki signer, X509Certificate... cas) {
        TrustedCas set = TrustedCas.newBuilder().setIssuedAtMillis(issuedAt)
                .addAllCaPems(List.of(cas).stream().map(Pem::encode).toList()).build();
        return TrustedCaSignature.sign(set, signer.ca(), signer.caKey());
    }

    @Test
    void theCurrentCaAddsTheNewOneAndTheSetSurvivesARestart() throws Exception {
        CaTrust trust = CaTrust.load(creds, old::ca);

        trust.accept(set(1, old, old.ca(), next.ca()));

        assertThat(trust.cas()).containsExactly(old.ca(), next.ca());
        assertThat(CaTrust.load(creds, old::ca).cas()).containsExactly(old.ca(), next.ca());
    }

    @Test
    void aSetSignedByAnUntrustedCaIsRefused() {
        CaTrust trust = CaTrust.load(creds, old::ca);

        assertThatThrownBy(() -> trust.accept(set(1, next, old.ca(), next.ca()))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("not signed by a CA this agent trusts");
        assertThat(trust.cas()).containsExactly(old.ca());
    }

    @Test
    void aSetThatDropsTheAgentsOwnCaIsRefused() throws Exception {
        CaTrust trust = CaTrust.load(creds, old::ca);
        trust.accept(set(1, old, old.ca(), next.ca()));

        assertThatThrownBy(() -> trust.accept(set(2, next, next.ca()))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("renew it first");
    }

    @Test
    void anOlderOrRepeatedSetIsRefused() throws Exception {
        CaTrust trust = CaTrust.load(creds, old::ca);
        trust.accept(set(5, old, old.ca(), next.ca()));

        assertThatThrownBy(() -> trust.accept(set(5, old, old.ca()))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("not newer");
        assertThat(trust.cas()).containsExactly(old.ca(), next.ca());
    }

    @Test
    void aLeafInTheSetIsRefused() {
        CaTrust trust = CaTrust.load(creds, old::ca);
        X509Certificate leaf = old.agent("web-1").certificate();

        assertThatThrownBy(() -> trust.accept(set(1, old, old.ca(), leaf))).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("must be CA certificates");
    }
}
