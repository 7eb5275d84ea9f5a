package fr.interrupt.meshcp.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A stand-in for the hub's enrollment endpoint (JDK HttpsServer on 127.0.0.1:0) with a TestPki CA. By default it
 * behaves like the hub: checks the CSR's proof of possession, uses the token's bound name for an empty name, refuses
 * another name, and signs an agent certificate. Tests can replace the answer.
 */
public final class FakeHub implements AutoCloseable {
    /** An HTTP answer: status and JSON body object. */
    public record Answer(int status, Object body) {
    }

    private final TestPki pki;
    private final String boundName;
    private final HttpsServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<EnrollRequest> lastRequest = new AtomicReference<>();
    private volatile Function<EnrollRequest, Answer> behaviour = this::signLikeTheHub;

    public FakeHub(TestPki pki, String boundName) throws Exception {
        this.pki = pki;
        this.boundName = boundName;
        TestPki.Issued tls = pki.enrollmentServer();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("hub", tls.key(), new char[0], new Certificate[] {tls.certificate(), pki.ca()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, new SecureRandom());
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
                params.setProtocols(TlsSettings.PROTOCOLS.toArray(String[]::new));
            }
        });
        server.createContext(EnrollmentProtocol.PATH, this::handle);
        server.start();
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A fresh token pinned to this hub's CA. */
    public String token() {
        return EnrollmentToken.generate(new SecureRandom(), CaPin.of(pki.ca())).encode();
    }

    public int requests() {
        return requests.get();
    }

    public EnrollRequest lastRequest() {
        return lastRequest.get();
    }

    public void answer(Function<EnrollRequest, Answer> answer) {
        this.behaviour = answer;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            EnrollRequest request = json.readValue(exchange.getRequestBody().readNBytes(EnrollmentProtocol.MAX_REQUEST_BYTES), EnrollRequest.class);
            lastRequest.set(request);
            Answer answer = behaviour.apply(request);
            byte[] body = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    public Answer signLikeTheHub(EnrollRequest request) {
        try {
            PKCS10CertificationRequest csr = Pem.csr(request.csrPem());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(new JcaPKCS10CertificationRequest(csr).getPublicKey()))) {
                return new Answer(400, new EnrollError("invalid certificate request"));
            }
            if (!request.name().isEmpty() && !request.name().equals(boundName)) {
                return new Answer(400, new EnrollError("token is bound to machine \"" + boundName + "\""));
            }
            X509Certificate certificate = pki.signCsr(csr, boundName);
            return new Answer(200, new EnrollResponse(boundName, Pem.encode(certificate), Pem.encode(pki.ca())));
        } catch (Exception e) {
            return new Answer(500, new EnrollError("hub failure: " + e));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
