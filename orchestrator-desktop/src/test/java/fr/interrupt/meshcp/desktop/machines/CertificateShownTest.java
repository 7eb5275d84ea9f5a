package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.hub.certs.CertificatesFile;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The details page's Certificate card: the machine certificate's expiry and renewal, and the CA's expiry. */
class CertificateShownTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant CA_END = Instant.parse("2046-11-25T10:00:00Z");

    @Test
    void aFreshCertificateShowsItsExpiryAndWhenItRenews() {
        var cert = new CertificatesFile.MachineCertificate("ab12", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(29)), NOW);

        assertThat(CertificateText.of(cert, CA_END, NOW)).isEqualTo("Machine certificate expires "
                + Formats.dateTime(NOW.plus(Duration.ofDays(29))) + " (in 29d 00h) · renewal due in 19d 00h · CA expires "
                + Formats.dateTime(CA_END));
    }

    @Test
    void aCertificatePastTwoThirdsIsDueNow() {
        var cert = new CertificatesFile.MachineCertificate("ab12", NOW.minus(Duration.ofDays(25)), NOW.plus(Duration.ofDays(5)), NOW);

        assertThat(CertificateText.of(cert, CA_END, NOW)).contains("renewal due now");
    }

    @Test
    void anAgentThatNeverAnsweredSaysSo() {
        assertThat(CertificateText.of(null, CA_END, NOW)).startsWith("Machine certificate expiry not known yet");
    }
}
