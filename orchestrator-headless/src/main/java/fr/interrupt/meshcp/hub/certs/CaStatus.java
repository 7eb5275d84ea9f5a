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
 */
public record CaStatus(String caSubject, String caPin, Instant caNotAfter, Duration leafValidity, String hubSerial,
                       Instant hubNotAfter, long denyListVersion, List<String> revokedHubSerials, List<MachineRow> machines) {

    /**
     * One machine's certificate: its registry serial and, when an agent reported it, its expiry and the deny list
     * version it holds is not tracked (null notAfter: not asked since enrollment).
     */
    public record MachineRow(String name, String serial, Instant notAfter, Instant renewalDue) {
    }
}
