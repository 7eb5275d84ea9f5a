package fr.interrupt.meshcp.hub.certs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The hub's PKI as {@code ca status} shows it.
 *
 * @param caPin            SHA-256 pin of the CA key (what enrollment tokens carry)
 * @param caNotAfter       when the CA certificate expires
 * @param leafValidity     how long agent and hub client certificates last when issued now
 * @param hubSerial        the hub's orchestrator client certificate
 * @param hubNotAfter      its expiry
 * @param denyListVersion  the hub deny list's version (0: none)
 * @param revokedHubSerials the hub client certificates agents refuse
 * @param machines         one row per enrolled machine
 * @param cas              the CA, then the new one while a rotation is under way, each with its machine count
 */
public record CaStatus(String caSubject, String caPin, Instant caNotAfter, Duration leafValidity, String hubSerial,
                       Instant hubNotAfter, long denyListVersion, List<String> revokedHubSerials, List<MachineRow> machines,
                       List<CaInfo> cas) {

    /**
     * One machine's certificate: its registry serial and, once its agent reported it, its expiry, when it is due for
     * renewal and the pin of the CA that issued it (all null until the hub has asked since enrollment).
     */
    public record MachineRow(String name, String serial, Instant notAfter, Instant renewalDue, String caPin) {
    }

    /**
     * A CA: "current" (ca.crt: the hub's own certificates, enrollment, the deny list) or "new" (a rotation under way:
     * renewed agent certificates), and how many machines' certificates it issued as last reported.
     */
    public record CaInfo(String role, String subject, String pin, Instant notAfter, int machines) {
    }

    /** Whether a CA rotation is under way. */
    public boolean rotating() {
        return cas.size() > 1;
    }
}
