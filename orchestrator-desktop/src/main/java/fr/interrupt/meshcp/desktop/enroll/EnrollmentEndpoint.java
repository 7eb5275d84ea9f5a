package fr.interrupt.meshcp.desktop.enroll;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.cli.HubAddress;
import fr.interrupt.meshcp.hub.cli.ListenAddress;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;

/**
 * The hub's HTTPS enrollment endpoint, run by the app when its port is free. When another process
 * (a `serve`, an `enroll-server`) already holds the port, the app says so and relies on it.
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

    /** Binds the endpoint (blocking: call off the FX thread). Never throws: the status says what happened. */
    public EndpointStatus start() {
        String where = ListenAddress.display(listen);
        try {
            server = hub.startEnrollmentServer(listen);
            port = server.address().getPort();
            enrollmentUrl = url();
            return new EndpointStatus(EndpointStatus.State.SERVING, "Enrollment endpoint on " + enrollmentUrl);
        } catch (BindException e) {
            enrollmentUrl = url();
            return new EndpointStatus(EndpointStatus.State.ELSEWHERE, "Port " + listen.getPort()
                    + " is in use: another meshcp process (serve or enroll-server) probably serves enrollment");
        } catch (IOException | RuntimeException e) {
            enrollmentUrl = url();
            return new EndpointStatus(EndpointStatus.State.FAILED, "The enrollment endpoint could not start on " + where + ": "
                    + e.getMessage());
        }
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
