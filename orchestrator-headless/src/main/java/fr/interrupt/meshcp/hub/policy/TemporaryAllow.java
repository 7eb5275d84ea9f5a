package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * "Allow this exact command on this machine for the next hour": lets one command line run without asking while the
 * machine is in {@code ask} mode, until {@code expires}. Never lifts read-only or a denied command.
 *
 * @param grantedBy who granted it, as audit.log names callers ("desktop:alice")
 */
public record TemporaryAllow(String machine, String command, Instant expires,
                             @JsonProperty("granted_by") String grantedBy) {

    public boolean covers(String machineName, String commandLine, Instant now) {
        return machine.equals(machineName) && command.equals(commandLine) && now.isBefore(expires);
    }
}
