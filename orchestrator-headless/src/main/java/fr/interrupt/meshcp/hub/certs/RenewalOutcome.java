package fr.interrupt.meshcp.hub.certs;

import java.time.Instant;

/**
 * What a renewal did for one machine.
 *
 * @param renewed  whether a new certificate is now in use
 * @param serial   the serial in use afterwards (the new one when renewed)
 * @param notAfter when the certificate in use afterwards expires
 * @param renewalDue when the certificate in use afterwards is due for renewal (null when unknown)
 * @param note     why it was not renewed ("not due yet", or the sentence of the failure); null when renewed
 */
public record RenewalOutcome(String machine, boolean renewed, String previousSerial, String serial, Instant notAfter,
                             Instant renewalDue, String note) {
}
