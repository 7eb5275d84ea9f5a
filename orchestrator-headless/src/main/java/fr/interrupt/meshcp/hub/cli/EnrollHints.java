package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.shared.Ports;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code token create} tells about the enroll command it prints: whether this hub's enrollment endpoint
 * serves the port now, and whether the address only works on this machine.
 */
final class EnrollHints {
    private EnrollHints() {
    }

    /** The port of an enrollment URL ({@code https://HOST:PORT}), the default one when it names none. */
    static int port(String url) {
        int port = URI.create(url).getPort();
        return port > 0 ? port : Ports.ENROLLMENT;
    }

    /** One sentence when no endpoint of this hub answers on the port ({@code probed} from {@code whoServes}). */
    static Optional<String> endpoint(EndpointStart probed) {
        int port = probed.listen().getPort();
        if (probed instanceof EndpointStart.HeldByOther other) {
            return Optional.of("port " + port + " on this machine is held by " + other.what() + ", so tokens from this "
                    + "hub cannot enroll through it: stop it, or run this hub's endpoint on another port "
                    + "(enroll-server --listen 0.0.0.0:PORT) and pass --address HOST:PORT");
        }
        if (probed instanceof EndpointStart.HeldByThisHub) {
            return Optional.empty();
        }
        return Optional.of("no enrollment endpoint of this hub is running (port " + port + "): start one with "
                + "'enroll-server' or 'serve' (or open the desktop app) before the machine enrolls");
    }

    /** One sentence when the URL's host is a loopback address, which only this machine can reach. */
    static Optional<String> loopback(String url) {
        String host = URI.create(url).getHost();
        if (host == null || !isLoopback(host)) {
            return Optional.empty();
        }
        return Optional.of(host + " only works on this machine; give the address other machines reach this hub at "
                + "with --address HOST[:PORT]");
    }

    private static boolean isLoopback(String host) {
        String bare = host.replace("[", "").replace("]", "").toLowerCase(Locale.ROOT);
        return bare.equals("localhost") || bare.startsWith("127.") || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
    }
}
