package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built hub serves the one-line install: after 'packages add', its enrollment endpoint answers install.sh,
 * SHA256SUMS and the package under its platform name over TLS whose only root is the hub's CA, 404 for any
 * other name, and 'token create' prints the line.
 */
class InstallEndpointIT {

    @Test
    void packagesAddedWithTheCliAreServedWithTheirChecksumsAndNothingElseIs(@TempDir Path tmp) throws Exception {
        try (TestFleet fleet = TestFleet.start(tmp)) {
            byte[] deb = new byte[100_000];
            Arrays.fill(deb, (byte) 7);
            byte[] magic = "!<arch>\ndebian-binary   ".getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(magic, 0, deb, 0, magic.length);
            Path file = Files.write(tmp.resolve("meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb"), deb);
            fleet.hub("packages", "add", file.toString()).assertOk();
            HttpClient https = HttpClient.newBuilder().sslContext(caOnly(fleet.dataDir().resolve("ca/ca.crt")))
                    .connectTimeout(Duration.ofSeconds(10)).build();
            String base = fleet.enrollmentUrl();

            HttpResponse<String> script = https.send(get(base + "/install.sh"), HttpResponse.BodyHandlers.ofString());
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.body()).startsWith("#!/usr/bin/env bash").contains("--cacert");
            HttpResponse<String> sums = https.send(get(base + "/packages/SHA256SUMS"), HttpResponse.BodyHandlers.ofString());
            assertThat(sums.body()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(deb))
                    + "  linux-amd64.deb\n");
            HttpResponse<byte[]> served = https.send(get(base + "/packages/linux-amd64.deb"), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.body()).isEqualTo(deb);
            for (String path : List.of("/packages/packages.json", "/packages/meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb",
                    "/packages/..%2Fca%2Fca.key", "/packages/darwin-arm64.pkg")) {
                assertThat(https.send(get(base + path), HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(404);
            }

            Launchers.Result created = fleet.hub("token", "create", "web-1").assertOk();
            assertThat(created.stdout()).contains("Or install, enroll and start the agent in one line (linux-amd64;")
                    .contains("/install.sh | sudo bash -s -- --orchestrator https://");
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
    }

    private static SSLContext caOnly(Path caCertificate) throws Exception {
        KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
        roots.load(null, null);
        try (InputStream in = Files.newInputStream(caCertificate)) {
            roots.setCertificateEntry("meshcp-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
