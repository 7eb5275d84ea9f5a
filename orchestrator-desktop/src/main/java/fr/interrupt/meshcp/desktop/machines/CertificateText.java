package fr.interrupt.meshcp.desktop.machines;

import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.hub.certs.CertificatesFile;
import fr.interrupt.meshcp.hub.pki.RenewalPolicy;
import fr.interrupt.meshcp.shared.text.Durations;
import java.time.Instant;

/** The Certificate card's line: the machine certificate's expiry and renewal, and the CA's expiry. */
final class CertificateText {
    private CertificateText() {
    }

    /** certificate null: the hub has not been able to ask the agent yet. */
    static String of(CertificatesFile.MachineCertificate certificate, Instant caNotAfter, Instant now) {
        String ca = "CA expires " + Formats.dateTime(caNotAfter);
        if (certificate == null) {
            return "Machine certificate expiry not known yet (the agent has not answered) · " + ca;
        }
        Instant due = RenewalPolicy.dueAt(certificate.notBefore(), certificate.notAfter());
        return "Machine certificate expires " + Formats.dateTime(certificate.notAfter()) + " ("
                + Durations.until(certificate.notAfter(), now) + ") · renewal due "
                + (due.isAfter(now) ? Durations.until(due, now) : "now") + " · " + ca;
    }
}
