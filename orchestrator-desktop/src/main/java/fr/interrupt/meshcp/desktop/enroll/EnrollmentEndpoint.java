package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.config.HubAddress;
import fr.interrupt.meshcp.hub.config.ListenAddress;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.net.InetSocketAddress;

/**
 * The hub's HTTPS enrollment endpoint, run by the app when its port is free. When another process of this
 * hub (a `serve`, an `enroll-server`) already holds the port, the app says so and relies on it; when something
 * else holds it (another hub's endpoint, a non-TLS server), the app says that machines cannot enroll.
 */
public final class EnrollmentEndpoint implements AutoCloseable {
    private final Hub hub;
    private final InetSocketAddress listen;
    private final String advertisedAddress;
    private volatile EnrollmentServer server;
    private volatile int port;
    private volatile String enrollmentUrl;

    /** {@code advertisedAddress}: HOST[:PORT] new machines use (null: this machine's first IPv4 address, or the listen host). */
    public EnrollmentEndpoint(Hub hub, InetSocketAddress listen, String advertisedAddress) {
        this.hub = hub;
        this.listen = listen;
        this.advertisedAddress = advertisedAddress;
        this.port = listen.getPort();
    }

    /**
     * Starts the endpoint through the hub's service (blocking, a few seconds at most when the port is taken: call
     * off the FX thread). Never throws: the status says what happened, in the app's words.
     */
    public EndpointStatus start() {
        EndpointStart start = hub.enrollmentEndpoint().start(listen);
        if (start instanceof EndpointStart.Serving serving) {
            server = serving.server();
            port = server.address().getPort();
        }
        enrollmentUrl = url();
        return status(start);
    }

    private EndpointStatus status(EndpointStart start) {
        if (start instanceof EndpointStart.Serving) {
            return new EndpointStatus(EndpointStatus.State.SERVING, "Enrollment endpoint on " + enrollmentUrl);
        }
        if (start instanceof EndpointStart.HeldByThisHub) {
            return new EndpointStatus(EndpointStatus.State.ELSEWHERE, "Port " + listen.getPort()
                    + " is served by another meshcp process of this hub (serve or enroll-server): enrollment works through it");
        }
        if (start instanceof EndpointStart.HeldByOther other) {
            return new EndpointStatus(EndpointStatus.State.HELD_BY_OTHER, "Port " + listen.getPort() + " is in use by "
                    + other.what() + ": machines cannot enroll with this hub until it is freed or the app uses another port");
        }
        return new EndpointStatus(EndpointStatus.State.FAILED, "The enrollment endpoint could not start on "
                + ListenAddress.display(listen) + ": " + ((EndpointStart.Failed) start).reason());
    }

    /** The URL printed in enroll commands: {@code https://HOST:PORT}. */
    public String enrollmentUrl() {
        String url = enrollmentUrl;
        return url == null ? url() : url;
    }

    /** The URL an agent on this computer uses: loopback, the port actually served. */
    public String localUrl() {
        return "https://127.0.0.1:" + port;
    }

    private String url() {
        String host = listen.getAddress() == null || listen.getAddress().isAnyLocalAddress() ? null
                : listen.getAddress().getHostAddress().contains(":") ? "[" + listen.getAddress().getHostAddress() + "]"
                : listen.getAddress().getHostAddress();
        String address = advertisedAddress != null && !advertisedAddress.isBlank() ? advertisedAddress : host;
        return HubAddress.enrollmentUrl(address, port);
    }

    @Override
    public void close() {
        EnrollmentServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
