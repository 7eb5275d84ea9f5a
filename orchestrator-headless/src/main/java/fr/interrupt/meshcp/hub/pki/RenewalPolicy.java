package fr.interrupt.meshcp.hub.pki;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * When a short-lived certificate is renewed: once two thirds of its life have passed (20 days into a 30-day
 * certificate), which leaves a third of its life (10 days) for a machine that is offline to come back.
 */
public final class RenewalPolicy {
    private RenewalPolicy() {
    }

    /** The instant from which certificate is due for renewal. */
    public static Instant dueAt(Instant notBefore, Instant notAfter) {
        Duration life = Duration.between(notBefore, notAfter);
        return notBefore.plus(life.multipliedBy(2).dividedBy(3));
    }

    /** Whether certificate is due for renewal at now. */
    public static boolean isDue(X509Certificate certificate, Instant now) {
        return !now.isBefore(dueAt(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant()));
    }

    /**
     * Whether a certificate valid from notBefore to notAfter is due at now, or lasts longer than maxLife (plus a day):
     * a 5-year certificate from before short-lived leaves, or one issued before {@code ca set-validity} shortened them,
     * is replaced at the next contact.
     */
    public static boolean isDue(Instant notBefore, Instant notAfter, Instant now, Duration maxLife) {
        return !now.isBefore(dueAt(notBefore, notAfter)) || Duration.between(notBefore, notAfter).compareTo(maxLife.plusDays(1)) > 0;
    }
}
