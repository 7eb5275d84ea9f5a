package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enrollment endpoint serves install.sh, the CA certificate, SHA256SUMS and the added packages under fixed
 * names, GET only, over TLS that checks out with the hub's CA as the only root and 127.0.0.1 as the name (what
 * install.sh does); anything else is 404, and scanning for names is rate-limited.
 */
class InstallFilesTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path builds;

    private final TestClock clock = new TestClock();
    private Hub hub;
    private EnrollmentServer server;
    private byte[] deb;

    @BeforeEach
    void serveWithAPackage() throws IOException {
        hub = Hub.open(dataDir, "test", clock);
        deb = fakeDeb(200_000);
        Path file = builds.resolve("meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb");
        Files.write(file, deb);
        hub.packages().add(List.of(file));
        server = ((EndpointStart.Serving) hub.enrollmentEndpoint().start(new InetSocketAddress("127.0.0.1", 0))).server();
    }

    @AfterEach
    void stop() {
        server.close();
        hub.close();
    }

    @Test
    void servesInstallShAsAShellScript() throws Exception {
        Response r = request("GET", "/install.sh");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).startsWith("text/x-shellscript");
        assertThat(r.text()).startsWith("#!/usr/bin/env bash").contains("openssl pkey -pubin -outform der");
    }

    @Test
    void servesTheCaCertificateWhosePinIsTheTokensPin() throws Exception {
        Response r = request("GET", "/ca.pem");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).isEqualTo("application/x-pem-file");
        X509Certificate ca = Pem.certificate(r.text());
        assertThat(CaPin.of(ca)).isEqualTo(hub.caPin());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void servesTheChecksumsOfThePackagesUnderTheirServedNames() throws Exception {
        Response r = request("GET", "/packages/SHA256SUMS");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo(sha256(deb) + "  linux-amd64.deb\n");
    }

    @Test
    void servesThePackageByItsPlatformName() throws Exception {
        Response r = request("GET", "/packages/linux-amd64.deb");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).isEqualTo("application/vnd.debian.binary-package");
        assertThat(r.body()).isEqualTo(deb);
    }

    @Test
    void anyOtherNameIsNotFoundEvenOneThatReachesAFileInTheFolder() throws Exception {
        for (String path : List.of("/packages/meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb", "/packages/linux-arm64.deb",
                "/packages/packages.json", "/packages/../ca.pem", "/packages/%2e%2e/tokens.json", "/packages/./linux-amd64.deb",
                "/packages/linux-amd64.deb/", "/packages/%6cinux-amd64.deb", "/install.sh/../ca/ca.key")) {
            Response r = request("GET", path);

            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body().length).as(path).isLessThan(100);
        }
    }

    @Test
    void onlyGetIsAnswered() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "HEAD")) {
            Response r = request(method, "/packages/linux-amd64.deb");

            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.headers().get("allow")).as(method).isEqualTo("GET");
        }
    }

    @Test
    void aSourceThatScansForNamesIsBlockedThenServedAgainAMinuteLater() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(request("GET", "/packages/guess-" + i + ".deb").status()).isEqualTo(404);
        }

        assertThat(request("GET", "/install.sh").status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(61));
        assertThat(request("GET", "/install.sh").status()).isEqualTo(200);
    }

    @Test
    void aPackageAddedWhileServingIsServedWithItsNewChecksum() throws Exception {
        byte[] newer = fakeDeb(1000);
        Path file = builds.resolve("meshcp-agent_0.2.0-1_amd64.deb");
        Files.write(file, newer);
        hub.packages().add(List.of(file));

        assertThat(request("GET", "/packages/linux-amd64.deb").body()).isEqualTo(newer);
        assertThat(request("GET", "/packages/SHA256SUMS").text()).isEqualTo(sha256(newer) + "  linux-amd64.deb\n");
    }

    static byte[] fakeDeb(int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        byte[] magic = "!<arch>\ndebian-binary   ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, bytes, 0, magic.length);
        bytes[size - 1] = (byte) size;
        return bytes;
    }

    private record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A raw HTTP/1.1 request (the path sent exactly as given) over TLS trusting only the hub's CA, as install.sh does. */
    private Response request(String method, String rawPath) throws Exception {
        try (SSLSocket socket = (SSLSocket) caOnlyContext().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of());
            socket.setSSLParameters(params);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private SSLContext caOnlyContext() throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(dataDir.resolve("ca/ca.crt")))) {
            roots.setCertificateEntry("meshcp-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static Response parse(byte[] raw) {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(status, headers, Arrays.copyOfRange(raw, end + 4, raw.length));
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no end of headers in the response");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
