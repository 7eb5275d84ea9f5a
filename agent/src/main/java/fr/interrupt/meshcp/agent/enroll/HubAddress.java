package fr.interrupt.meshcp.agent.enroll;

import fr.interrupt.meshcp.shared.Ports;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import fr.interrupt.meshcp.shared.text.Printable;
import java.net.URI;
import java.net.URISyntaxException;

/** The --orchestrator address: {@code https://HOST[:PORT]}, port 7443 when absent. */
public record HubAddress(String host, int port) {

    public static HubAddress parse(String text) throws EnrollmentException {
        String usage = "expected --orchestrator https://HOST:" + Ports.ENROLLMENT;
        if (text == null || text.isBlank()) {
            throw new EnrollmentException("missing hub address: " + usage);
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new EnrollmentException("malformed hub address \"" + Printable.of(text, 80) + "\": " + usage);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            throw new EnrollmentException("the hub address must start with https:// (enrollment is always over TLS): " + usage);
        }
        if (uri.getHost() == null || uri.getUserInfo() != null || uri.getQuery() != null || uri.getFragment() != null
                || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
            throw new EnrollmentException("malformed hub address \"" + Printable.of(text, 80) + "\": " + usage);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new HubAddress(host, uri.getPort() == -1 ? Ports.ENROLLMENT : uri.getPort());
    }

    public URI enrollUri() {
        return URI.create(base() + EnrollmentProtocol.PATH);
    }

    /** https://HOST:PORT, as messages show it. */
    public String base() {
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

}
