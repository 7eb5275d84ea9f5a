package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import fr.interrupt.meshcp.hub.enroll.EnrollmentService;
import fr.interrupt.meshcp.hub.pki.CertificateAuthority;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** A real hub on a temp data dir with a hand-moved clock, and (on demand) its enrollment endpoint on port 0. */
public final class TestHub implements AutoCloseable {
    private final Path dataDir;
    private final TestClock clock;
    private final Hub hub;
    private EnrollmentServer server;

    private TestHub(Path dataDir, TestClock clock, Hub hub) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.hub = hub;
    }

    public static TestHub open(Path dataDir) {
        return open(dataDir, new TestClock());
    }

    /** A hub on dataDir whose services run on clock (one that starts in the past issues certificates valid now). */
    public static TestHub open(Path dataDir, TestClock clock) {
        return new TestHub(dataDir, clock, Hub.open(dataDir, "test", clock));
    }

    public Hub hub() {
        return hub;
    }

    public TestClock clock() {
        return clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The hub's files. Tests look inside; faces never do. */
    public HubPaths paths() {
        return new HubPaths(dataDir);
    }

    /** The registry file of this hub, read and written as another process would (the facade keeps its own). */
    public MachineRegistry registry() {
        return MachineRegistry.at(paths());
    }

    /** The CA of this hub, loaded from its files. */
    public CertificateAuthority ca() {
        return CertificateAuthority.loadOrCreate(paths(), clock, new SecureRandom());
    }

    /** The enrollment logic behind the endpoint, called without HTTPS. */
    public EnrollmentService enrollment() {
        return new EnrollmentService(hub.tokens(), ca(), registry(), new AuditLog(paths().auditLog(), "test", clock, Json.mapper()),
                clock);
    }

    public EnrollmentServer server() {
        if (server == null) {
            try {
                server = ((EndpointStart.Serving) hub.enrollmentEndpoint().start(new InetSocketAddress("127.0.0.1", 0))).server();
            } catch (ClassCastException e) {
                throw new AssertionError("the enrollment endpoint did not start on a free port", e);
            }
        }
        return server;
    }

    /** A client that trusts this hub through its pin, as a token holder would. */
    public EnrollmentClient client() {
        return new EnrollmentClient(server().port(), hub.caPin());
    }

    public IssuedToken token(String name) {
        return hub.tokens().create(name, Duration.ofHours(1));
    }

    /** Enrolls {@code name} through the HTTPS endpoint with a fresh key; fails the test unless it works. */
    public Enrolled enroll(String name, String advertiseHost, int grpcPort) throws IOException, InterruptedException {
        IssuedToken token = token(name);
        KeyPair key = KeyPairs.generateP256();
        EnrollmentClient.Reply reply = client().post(EnrollmentClient.request(token.token(), name, key, advertiseHost, grpcPort));
        if (reply.status() != 200) {
            throw new AssertionError("enrollment of " + name + " failed: " + reply.status() + " " + reply.body());
        }
        EnrollResponse response = reply.response();
        return new Enrolled(name, key, Pem.certificate(response.certificatePem()), Pem.certificate(response.caCertificatePem()));
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        hub.close();
    }

    /** A machine enrolled through the endpoint: its private key never left the test, like an agent's. */
    public record Enrolled(String name, KeyPair key, X509Certificate certificate, X509Certificate ca) {
    }
}
