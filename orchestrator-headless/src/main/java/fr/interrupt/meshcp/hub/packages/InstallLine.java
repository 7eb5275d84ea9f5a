package fr.interrupt.meshcp.hub.packages;

import fr.interrupt.meshcp.shared.EnrollmentToken;

/**
 * The one line that installs, enrolls and starts an agent from the hub ({@code token create} prints it). It
 * fetches the hub's CA certificate without TLS checks, stops unless the SHA-256 of its public key equals the
 * token's pin (the same encoding as {@code CaPin}: base64url without padding), then fetches install.sh with that
 * certificate as the only trust root and runs it as root. The request names 127.0.0.1, which only the hub's
 * enrollment certificate carries as an address, and {@code --connect-to} sends it to the hub's real address.
 * The token reaches install.sh in a file of the user's own (mktemp, mode 0600) written by the shell's printf
 * builtin, never as a command's argument, so other users cannot read it in the process list; install.sh deletes
 * the file once read. Needs bash, curl, openssl and sudo on the new machine.
 */
public final class InstallLine {
    private InstallLine() {
    }

    /**
     * The line for {@code enrollmentUrl} ({@code https://HOST:PORT}, as {@code HubAddress.enrollmentUrl} makes it)
     * and {@code token}.
     */
    public static String of(String enrollmentUrl, EnrollmentToken token) {
        String hostPort = enrollmentUrl.substring("https://".length());
        String port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        return "c=$(mktemp) && curl -fsSk " + enrollmentUrl + "/ca.pem -o \"$c\""
                + " && { [ \"$(openssl x509 -in \"$c\" -noout -pubkey | openssl pkey -pubin -outform der"
                + " | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')\" = " + token.caPin() + " ]"
                + " || { echo 'stopped: that server is not the hub of this token (its CA does not match the pin)' >&2; false; }; }"
                + " && t=$(mktemp) && printf '%s\\n' " + token.encode() + " >\"$t\""
                + " && curl -fsS --cacert \"$c\" --connect-to 127.0.0.1:" + port + ":" + hostPort
                + " https://127.0.0.1:" + port + "/install.sh"
                + " | sudo bash -s -- --orchestrator " + enrollmentUrl + " --token-file \"$t\"";
    }
}
