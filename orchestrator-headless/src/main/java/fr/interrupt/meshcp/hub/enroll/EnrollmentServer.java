package fr.interrupt.meshcp.hub.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTPS enrollment endpoint (POST /v1/enroll, default port 7443, and the one-line install's files), on Jetty's
 * non-blocking server: a connection waiting for bytes holds no thread. Server-authenticated TLS with the enrollment
 * certificate; a TLS handshake must finish within {@link #HANDSHAKE_SECONDS}; one source address holds at most
 * {@link #MAX_CONNECTIONS_PER_SOURCE} connections and the endpoint at most {@link #MAX_CONNECTIONS}; a request body
 * must arrive within {@link #BODY_SECONDS}; a connection silent for {@link #IDLE_SECONDS} is closed. Request size
 * capped; failures rate-limited ({@link FailureRateLimiter}); nothing of the token's secret is logged.
 */
public final class EnrollmentServer implements AutoCloseable {
    /** Longest TLS handshake, from accept to its end, in seconds. */
    static final int HANDSHAKE_SECONDS = 5;
    /** Connections one source address may hold at once (a NAT of machines enrolling together stays below). */
    static final int MAX_CONNECTIONS_PER_SOURCE = 64;
    /** Connections the endpoint holds at once; beyond it accepting pauses and idle ones get 2 s. */
    static final int MAX_CONNECTIONS = 512;
    /** Longest wait for an enrollment request's body, in seconds. */
    static final int BODY_SECONDS = 10;
    /** A connection with nothing read or written for this long is closed, in seconds (a download stalls no longer). */
    static final int IDLE_SECONDS = 15;
    /** Threads that run requests; none waits on a slow client. */
    static final int THREADS = 16;

    private final Server server;
    private final ServerConnector connector;

    private EnrollmentServer(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** Binds and starts; throws {@link java.net.BindException} when the port is taken. */
    public static EnrollmentServer start(InetSocketAddress listen, Credential credential, EnrollmentService enrollment,
                                         FailureRateLimiter limiter, ObjectMapper json) throws IOException {
        return start(listen, credential, enrollment, limiter, json, null);
    }

    /**
     * Like {@link #start(InetSocketAddress, Credential, EnrollmentService, FailureRateLimiter, ObjectMapper)}, also
     * serving install.sh, the CA certificate and the agent packages of {@code files} (null: enrollment only).
     */
    static EnrollmentServer start(InetSocketAddress listen, Credential credential, EnrollmentService enrollment,
                                  FailureRateLimiter limiter, ObjectMapper json, InstallFiles files) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(THREADS, 2, 30_000);
        threads.setName("meshcp-enroll");
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        server.setStopTimeout(0);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // every path is compared with fixed names, never decoded into a file path: let odd ones reach that check (404)
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setRequestHeaderSize(8 * 1024);
        ServerConnector connector = new ServerConnector(server, 1, 1,
                new SslConnectionFactory(tls(credential), HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
        connector.setHost(listen.getAddress() == null ? listen.getHostString() : listen.getAddress().getHostAddress());
        connector.setPort(listen.getPort());
        connector.setIdleTimeout(Duration.ofSeconds(IDLE_SECONDS).toMillis());
        connector.setAcceptQueueSize(128);
        connector.addBean(new TlsConnectionGuard(connector.getScheduler(), Duration.ofSeconds(HANDSHAKE_SECONDS),
                MAX_CONNECTIONS_PER_SOURCE));
        server.addConnector(connector);
        ConnectionLimit total = new ConnectionLimit(MAX_CONNECTIONS, connector);
        total.setIdleTimeout(2_000);
        server.addBean(total);

        EnrollHandler enroll = new EnrollHandler(enrollment, limiter, json, threads, Duration.ofSeconds(BODY_SECONDS));
        server.setHandler(new Routes(enroll, files, json));
        try {
            server.start();
        } catch (Exception e) {
            stopQuietly(server);
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException bind) {
                    throw bind;
                }
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage() == null ? "the enrollment endpoint did not start" : e.getMessage(), e);
        }
        return new EnrollmentServer(server, connector);
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        stopQuietly(server);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: connections are cut either way
        }
    }

    /** Dispatches on the raw path's prefix, as the JDK server's contexts did. */
    private static final class Routes extends Handler.Abstract {
        private final EnrollHandler enroll;
        private final InstallFiles files;
        private final ObjectMapper json;

        Routes(EnrollHandler enroll, InstallFiles files, ObjectMapper json) {
            this.enroll = enroll;
            this.files = files;
            this.json = json;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            path = path == null ? "" : path;
            if (path.startsWith(EnrollmentProtocol.PATH)) {
                return enroll.handle(request, response, callback);
            }
            if (files != null && InstallFiles.CONTEXTS.stream().anyMatch(path::startsWith)) {
                return files.handle(request, response, callback);
            }
            EndpointReplies.json(response, callback, 404, json, new EnrollError("not found"));
            return true;
        }
    }

    private static SslContextFactory.Server tls(Credential credential) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(credential.keyManagers(), null, new SecureRandom());
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setSslContext(context);
            tls.setIncludeProtocols(TlsSettings.PROTOCOLS.toArray(String[]::new));
            tls.setIncludeCipherSuites(TlsSettings.CIPHER_SUITES.toArray(String[]::new));
            tls.setNeedClientAuth(false);
            tls.setWantClientAuth(false);
            tls.setRenegotiationAllowed(false);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the enrollment endpoint", e);
        }
    }
}
