package fr.interrupt.meshcp.hub.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.tokens.EnrollmentRefusedException;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS enrollment endpoint (POST /v1/enroll, default port 7443). Server-authenticated TLS
 * with the enrollment certificate; request size capped; failures rate-limited per source;
 * nothing of the token's secret is logged.
 */
public final class EnrollmentServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentServer.class);

    static {
        // the JDK server has no per-request deadline unless asked: a slow client must not hold a thread
        setIfAbsent("sun.net.httpserver.maxReqTime", "15");
        // a response may take long: the agent packages (about 50 MB) go to machines on slow links; InstallFiles
        // sends at most a few at once, so slow readers never hold every worker
        setIfAbsent("sun.net.httpserver.maxRspTime", "900");
        setIfAbsent("sun.net.httpserver.idleInterval", "30");
    }

    /** Connections served at once; beyond it they queue (see start). */
    static final int WORKERS = 32;

    private final HttpsServer server;
    private final ThreadPoolExecutor executor;

    private EnrollmentServer(HttpsServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
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
        HttpsServer server = HttpsServer.create(listen, 64);
        server.setHttpsConfigurator(configurator(credential));
        // The JDK server runs each connection's TLS handshake and request read on a worker, blocking: a
        // client that stalls mid-request holds its worker until maxReqTime. A pool that only grows once its
        // queue is full (2 core threads) let two stalled connections block every enrollment, so all
        // WORKERS threads start on demand and idle ones time out.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                r -> {
                    Thread t = new Thread(r, "meshcp-enroll");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext(EnrollmentProtocol.PATH, exchange -> handle(exchange, enrollment, limiter, json));
        if (files != null) {
            InstallFiles.CONTEXTS.forEach(context -> server.createContext(context, files));
        }
        server.createContext("/", exchange -> respond(exchange, 404, json, new EnrollError("not found")));
        server.start();
        return new EnrollmentServer(server, executor);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void handle(HttpExchange exchange, EnrollmentService enrollment, FailureRateLimiter limiter, ObjectMapper json)
            throws IOException {
        InetAddress source = exchange.getRemoteAddress().getAddress();
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, json, new EnrollError("use POST"));
                return;
            }
            java.util.Optional<String> blocked = limiter.blocked(source);
            byte[] body = readCapped(exchange.getRequestBody(), EnrollmentProtocol.MAX_REQUEST_BYTES);
            if (body == null) {
                refuse(exchange, source, blocked, limiter, 413, "request too large", json);
                return;
            }
            EnrollRequest request;
            try {
                request = json.readValue(body, EnrollRequest.class);
            } catch (IOException e) {
                refuse(exchange, source, blocked, limiter, 400, "malformed enrollment request", json);
                return;
            }
            // a blocked address or a flooded hub still lets a genuine token through: the limit is for guessers
            if (blocked.isPresent() && !enrollment.presentsGenuineToken(request)) {
                respond(exchange, 429, json, new EnrollError(blocked.get()));
                return;
            }
            try {
                var response = enrollment.enroll(request, source);
                LOG.info("enrolled machine {} from {}", response.machineName(), source.getHostAddress());
                respond(exchange, 200, json, response);
            } catch (EnrollmentRefusedException e) {
                if (!e.authenticated()) {
                    limiter.recordFailure(source);
                }
                LOG.info("enrollment refused for token {} from {}: {}", safeId(request.tokenId()), source.getHostAddress(), e.getMessage());
                respond(exchange, e.authenticated() ? 409 : 401, json, new EnrollError(e.getMessage()));
            } catch (MeshcpException e) {
                if (e.kind() == MeshcpException.Kind.STATE) {
                    // the hub's own problem (a corrupt or unwritable state file): the detail, with its paths, is
                    // for the hub's operator, not for an unauthenticated caller, whose address is not to blame
                    LOG.error("enrollment from {} failed: {}", source.getHostAddress(), e.getMessage());
                    respond(exchange, 500, json, new EnrollError("the hub cannot enroll machines right now; "
                            + "its operator will find the reason in the hub's log"));
                    return;
                }
                limiter.recordFailure(source);
                LOG.info("enrollment rejected from {}: {}", source.getHostAddress(), e.getMessage());
                respond(exchange, 400, json, new EnrollError(e.getMessage()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("enrollment request from {} failed: {}", source.getHostAddress(), e.toString());
        }
    }

    /** A malformed request: counted as a failure, or answered 429 when its source is blocked already. */
    private static void refuse(HttpExchange exchange, InetAddress source, java.util.Optional<String> blocked, FailureRateLimiter limiter,
                               int status, String message, ObjectMapper json) throws IOException {
        if (blocked.isPresent()) {
            respond(exchange, 429, json, new EnrollError(blocked.get()));
            return;
        }
        limiter.recordFailure(source);
        respond(exchange, status, json, new EnrollError(message));
    }

    private static byte[] readCapped(InputStream in, int max) throws IOException {
        byte[] data = in.readNBytes(max + 1);
        return data.length > max ? null : data;
    }

    private static void respond(HttpExchange exchange, int status, ObjectMapper json, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String safeId(String id) {
        return id != null && id.matches("[a-z0-9]{1,12}") ? id : "?";
    }

    private static HttpsConfigurator configurator(Credential credential) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(credential.keyManagers(), null, new SecureRandom());
            return new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters ssl = context.getDefaultSSLParameters();
                    ssl.setProtocols(TlsSettings.PROTOCOLS.toArray(String[]::new));
                    ssl.setCipherSuites(TlsSettings.CIPHER_SUITES.toArray(String[]::new));
                    ssl.setNeedClientAuth(false);
                    params.setSSLParameters(ssl);
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the enrollment endpoint", e);
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
