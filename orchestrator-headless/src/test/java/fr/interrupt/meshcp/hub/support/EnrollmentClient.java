package fr.interrupt.meshcp.hub.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.shared.EnrollmentToken;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * What a new machine does to enroll, over real HTTPS: it trusts the hub only through the CA pin
 * carried in the token, then posts JSON to /v1/enroll.
 */
public final class EnrollmentClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI uri;

    public EnrollmentClient(int port, String caPin) {
        this.uri = URI.create("https://127.0.0.1:" + port + EnrollmentProtocol.PATH);
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new PinnedCaTrustManager(caPin)}, new SecureRandom());
            this.http = HttpClient.newBuilder()
                    .sslContext(tls)
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request as the agent builds it: its own fresh key, a CSR for it, and its facts. */
    public static EnrollRequest request(EnrollmentToken token, String name, KeyPair key, String advertiseHost, int grpcPort) {
        return new EnrollRequest(token.id(), token.secret(), name, Csrs.forKey(key, name == null ? "agent" : name),
                "host-" + name, "Linux", "amd64", "0.1.0-test", advertiseHost, grpcPort);
    }

    public Reply post(EnrollRequest request) throws IOException, InterruptedException {
        return postRaw(JSON.writeValueAsBytes(request));
    }

    public Reply postRaw(byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }

    /** An HTTP answer from the endpoint. */
    public record Reply(int status, String body) {
        public EnrollResponse response() {
            return read(EnrollResponse.class);
        }

        public String error() {
            return read(EnrollError.class).error();
        }

        private <T> T read(Class<T> type) {
            try {
                return JSON.readValue(body, type);
            } catch (IOException e) {
                throw new UncheckedIOException("unexpected body (status " + status + "): " + body, e);
            }
        }
    }
}
