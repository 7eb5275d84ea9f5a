package fr.interrupt.meshcp.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** Facts about this machine that the agent reports: looked up once, since the host name may need a resolver. */
public record HostFacts(String hostname, String os, String arch) {

    public static HostFacts detect() {
        return new HostFacts(localHostname(), System.getProperty("os.name", "unknown"), System.getProperty("os.arch", "unknown"));
    }

    private static String localHostname() {
        String env = System.getenv("HOSTNAME");
        try {
            String name = InetAddress.getLocalHost().getHostName();
            if (name != null && !name.isBlank()) {
                return name;
            }
        } catch (UnknownHostException e) {
            // The host name does not resolve; its text is still in the exception's message ("name: name: ...").
            String message = e.getMessage();
            if (message != null && message.contains(":")) {
                return message.substring(0, message.indexOf(':')).trim();
            }
        }
        return env == null || env.isBlank() ? "localhost" : env.toLowerCase(Locale.ROOT);
    }
}
