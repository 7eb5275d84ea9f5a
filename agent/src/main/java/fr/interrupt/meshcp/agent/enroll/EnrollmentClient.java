package fr.interrupt.meshcp.agent.enroll;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollResponse;
import fr.interrupt.meshcp.shared.text.Printable;
import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import fr.interrupt.meshcp.shared.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * Posts the enrollment request to the hub over TLS pinned to the CA named in the token. The pin is checked
 * inside the handshake, so a hub with another CA never receives the token.
 */
public final class EnrollmentClient {
    private static final int MAX_RESPONSE_BYTES = 256 * 1024;

    private final Duration connectTimeout;
    private final Duration requestTimeout;

    /** Jackson is loaded when an enrollment is sent, not by `start`, which builds this client too. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public EnrollmentClient(Duration connectTimeout, Duration requestTimeout) {
        this.connectTimeout = connectTimeout;
        this.requestTimeout = requestTimeout;
    }

    public static EnrollmentClient withDefaultTimeouts() {
        return new EnrollmentClient(Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    /** The hub's answer and the CA certificate that matched the pin during the handshake. */
    public record Answer(EnrollResponse response, X509Certificate pinnedCa) {
    }

    public Answer enroll(HubAddress hub, String caPin, EnrollRequest request) throws EnrollmentException {
        PinnedCaTrustManager trustManager = new PinnedCaTrustManager(caPin);
        HttpClient client = HttpClient.newBuilder()
                .sslContext(sslContext(trustManager))
                .sslParameters(sslParameters())
                .connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            HttpRequest httpRequest = HttpRequest.newBuilder(hub.enrollUri())
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(request)))
                    .build();
            response = client.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentException("enrollment interrupted");
        } catch (IOException e) {
            throw describe(hub, e);
        }
        if (response.statusCode() != 200) {
            throw new EnrollmentException("enrollment refused: " + errorText(response.statusCode(), body));
        }
        try {
            EnrollResponse answer = Json.MAPPER.readValue(body, EnrollResponse.class);
            if (answer.machineName() == null || answer.certificatePem() == null || answer.caCertificatePem() == null) {
                throw new IOException("incomplete answer");
            }
            return new Answer(answer, trustManager.pinnedCa());
        } catch (IOException e) {
            throw new EnrollmentException("the hub at " + hub.base() + " sent an answer this agent cannot read; check that agent and hub versions match");
        }
    }

    private String errorText(int status, byte[] body) {
        try {
            EnrollError error = Json.MAPPER.readValue(body, EnrollError.class);
            if (error.error() != null && !error.error().isBlank()) {
                return oneLine(error.error());
            }
        } catch (IOException e) {
            // Not our JSON: say what the status was.
        }
        return "the hub answered HTTP " + status;
    }

    static EnrollmentException describe(HubAddress hub, IOException e) {
        if (causedBy(e, PinnedCaTrustManager.CaPinMismatchException.class)) {
            return new EnrollmentException("the hub at " + hub.base() + " presents a different CA than the one in the token"
                    + " (certificate signed by unknown authority). Check the --orchestrator address, or re-enroll with a fresh token from this hub.");
        }
        if (e instanceof HttpConnectTimeoutException) {
            return new EnrollmentException("cannot reach the hub at " + hub.base() + ": connection timed out");
        }
        if (e instanceof HttpTimeoutException) {
            return new EnrollmentException("the hub at " + hub.base() + " did not answer in time; try again");
        }
        if (causedBy(e, UnresolvedAddressException.class) || causedBy(e, java.net.UnknownHostException.class)) {
            return new EnrollmentException("cannot reach the hub at " + hub.base() + ": unknown host " + hub.host());
        }
        if (e instanceof ConnectException || causedBy(e, ConnectException.class)) {
            String reason = e.getMessage() == null || e.getMessage().isBlank() ? "connection refused" : e.getMessage();
            if (reason.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
                reason = "connection refused";
            }
            return new EnrollmentException("cannot reach the hub at " + hub.base() + ": " + oneLine(reason));
        }
        if (causedBy(e, SSLException.class)) {
            return new EnrollmentException("TLS with the hub at " + hub.base() + " failed: " + oneLine(rootMessage(e))
                    + ". Check the --orchestrator address (it must be the hub's enrollment port).");
        }
        return new EnrollmentException("cannot reach the hub at " + hub.base() + ": " + oneLine(rootMessage(e)));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static SSLContext sslContext(TrustManager trustManager) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    private static SSLParameters sslParameters() {
        try {
            List<String> supported = Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
            String[] ciphers = TlsSettings.CIPHER_SUITES.stream().filter(supported::contains).toArray(String[]::new);
            return new SSLParameters(ciphers, TlsSettings.PROTOCOLS.toArray(String[]::new));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS", e);
        }
    }

    /** A peer's message on one line (line breaks become spaces), made printable and cut at 300 characters. */
    private static String oneLine(String text) {
        return Printable.of(text.replaceAll("\\s*\\R\\s*", " ").trim(), 300);
    }
}
