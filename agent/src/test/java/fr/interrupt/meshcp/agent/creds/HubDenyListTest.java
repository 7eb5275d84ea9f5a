package fr.interrupt.meshcp.agent.creds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.TestPki;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.SignedDenyList;
import fr.interrupt.meshcp.shared.tls.DenyListSignature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub deny list on the agent: signed by the CA, never older, kept across restarts, a tampered file ignored. */
class HubDenyListTest {
    private final TestPki pki = TestPki.create("deny-list-ca");
    @TempDir
    Path creds;

    private SignedDenyList list(long version, String... serials) {
        return DenyListSignature.sign(DenyList.newBuilder().setVersion(version).addAllHubSerials(List.of(serials)).build(), pki.caKey());
    }

    @Test
    void aSignedListIsEnforcedAndKeptAcrossARestart() throws Exception {
        HubDenyList denied = HubDenyList.load(creds, () -> List.of(pki.ca()));

        denied.accept(list(1, "abc"));

        assertThat(denied.denies("abc")).isTrue();
        assertThat(denied.denies("def")).isFalse();
        HubDenyList reloaded = HubDenyList.load(creds, () -> List.of(pki.ca()));
        assertThat(reloaded.denies("abc")).isTrue();
        assertThat(reloaded.version()).isEqualTo(1);
    }

    @Test
    void anOlderListIsRefusedAndTheHeldOneStays() throws Exception {
        HubDenyList denied = HubDenyList.load(creds, () -> List.of(pki.ca()));
        denied.accept(list(2, "abc"));

        assertThatThrownBy(() -> denied.accept(list(1))).isInstanceOf(GeneralSecurityException.class).hasMessageContaining("older");
        assertThat(denied.denies("abc")).isTrue();
    }

    @Test
    void aListSignedByAnotherCaIsRefused() {
        HubDenyList denied = HubDenyList.load(creds, () -> List.of(pki.ca()));
        SignedDenyList foreign = DenyListSignature.sign(DenyList.newBuilder().setVersion(9).build(), TestPki.create("other").caKey());

        assertThatThrownBy(() -> denied.accept(foreign)).isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("not signed by this CA");
        assertThat(denied.version()).isZero();
    }

    @Test
    void aTamperedFileIsIgnoredAtStart() throws Exception {
        HubDenyList.load(creds, () -> List.of(pki.ca())).accept(list(1, "abc"));
        byte[] bytes = Files.readAllBytes(creds.resolve(HubDenyList.FILE_NAME));
        bytes[bytes.length - 1] ^= 1;
        Files.write(creds.resolve(HubDenyList.FILE_NAME), bytes);

        assertThat(HubDenyList.load(creds, () -> List.of(pki.ca())).version()).isZero();
    }
}
