package fr.interrupt.meshcp.hub.tokens;

import fr.interrupt.meshcp.shared.EnrollmentToken;
import java.time.Instant;

/** A token just created: the only moment its secret exists on the hub's side. */
public record IssuedToken(EnrollmentToken token, String machineName, Instant expiresAt) {

    /**
     * The command to run on the new machine, as the CLI and the desktop show it. It reads the token from stdin
     * ({@code --token -}): {@code echo} is a shell builtin, so the token never appears in the new machine's process
     * list (/proc/PID/cmdline is readable by every user).
     */
    public String enrollCommandViaStdin(String orchestratorUrl) {
        return "echo " + token.encode() + " | meshcp-agent enroll --orchestrator " + orchestratorUrl + " --token -";
    }

    @Override
    public String toString() {
        return "IssuedToken[id=" + token.id() + ", machineName=" + machineName + ", expiresAt=" + expiresAt + "]";
    }
}
