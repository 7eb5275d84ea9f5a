package fr.interrupt.meshcp.hub.certs;

import fr.interrupt.meshcp.hub.service.FanOut;
import java.util.List;

/**
 * What {@code ca revoke-hub} did: the revoked and the new hub client serials, the deny list version, and for each
 * machine the version it holds now or why it did not take it.
 */
public record HubRevocation(String revokedSerial, String newSerial, long denyListVersion, List<FanOut.Each<Long>> machines) {
}
