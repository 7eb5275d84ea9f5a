package fr.interrupt.meshcp.hub.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.packages.PackageStore;
import fr.interrupt.meshcp.hub.pki.Credential;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the HTTPS enrollment endpoint, the one way every face (serve, enroll-server, the desktop) does it. When
 * the port is taken, it asks the holder who it is ({@link EndpointProbe}) so the face can tell the truth: this
 * hub's endpoint in another process, or something else.
 */
public final class EnrollmentEndpointService {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollmentEndpointService.class);
    /** Failed enrollments allowed per source address and window before HTTP 429. */
    private static final int FAILURES_ALLOWED = 10;
    /** Failures from all addresses together per window: guesses spread over many addresses are bounded too. */
    private static final int FAILURES_ALLOWED_IN_TOTAL = 100;
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);

    private final Credential serverCredential;
    private final EnrollmentService enrollment;
    private final EndpointProbe probe;
    private final Clock clock;
    private final ObjectMapper json;
    private final PackageStore packages;
    private final byte[] caPem;

    /**
     * The endpoint serves {@code POST /v1/enroll} and, for the one-line install, {@code install.sh}, {@code caPem} (the
     * CA certificate, PEM) and the packages of {@code packages} (see {@link InstallFiles}).
     */
    public EnrollmentEndpointService(Credential serverCredential, EnrollmentService enrollment, EndpointProbe probe, Clock clock,
                                     ObjectMapper json, PackageStore packages, byte[] caPem) {
        this.serverCredential = serverCredential;
        this.enrollment = enrollment;
        this.probe = probe;
        this.clock = clock;
        this.json = json;
        this.packages = packages;
        this.caPem = caPem.clone();
    }

    /**
     * Binds and starts the endpoint on {@code listen} (port 0: any free port). Blocking for at most the bind, or
     * the probe's few seconds when the port is taken. Never throws for a start that did not happen: the result
     * says why.
     */
    public EndpointStart start(InetSocketAddress listen) {
        try {
            FailureRateLimiter limiter = new FailureRateLimiter(FAILURES_ALLOWED, FAILURES_ALLOWED_IN_TOTAL, FAILURE_WINDOW, clock);
            EnrollmentServer server = EnrollmentServer.start(listen, serverCredential, enrollment, limiter, json,
                    new InstallFiles(packages, caPem, limiter));
            return new EndpointStart.Serving(listen, server);
        } catch (BindException e) {
            return probe.whoHolds(listen);
        } catch (IOException | RuntimeException e) {
            LOG.debug("enrollment endpoint on {} did not start", listen, e);
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "the system refused to listen there"
                    : e.getMessage();
            return new EndpointStart.Failed(listen, reason);
        }
    }

    /**
     * Who serves enrollment on {@code port} of this machine right now, without listening: HeldByThisHub (an
     * endpoint with this hub's CA pin answers), HeldByOther (something else holds the port), or Failed (nothing
     * answers). Blocking for at most the probe's few seconds.
     */
    public EndpointStart whoServes(int port) {
        return probe.whoHolds(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    }
}
