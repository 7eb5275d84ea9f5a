package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.PinnedCaTrustManager;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clients that connect and stall (slowloris) or speak plaintext do not take the endpoint down for others. */
class EnrollmentStallTest {
    private static final int STALLED = 8;

    @TempDir
    Path dir;
    TestHub hub;
    final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() {
        hub = TestHub.open(dir);
    }

    @AfterEach
    void stop() throws Exception {
        for (Socket s : sockets) {
            s.close();
        }
        hub.close();
    }

    /** A TLS connection that sends the start of a request and then nothing. */
    private void stall(String partialRequest) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new PinnedCaTrustManager(hub.ca().pin())}, null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", hub.server().port());
        sockets.add(socket);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write(partialRequest.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void assertAGenuineEnrollmentStillWorksQuickly(String name) throws Exception {
        IssuedToken token = hub.token(name);
        long start = System.nanoTime();
        EnrollmentClient.Reply reply = hub.client().post(
                EnrollmentClient.request(token.token(), name, KeyPairs.generateP256(), "", 7444));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void stalledClientsDoNotBlockOtherEnrollments() throws Exception {
        for (int i = 0; i < STALLED; i++) {
            stall(i % 2 == 0 ? "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\n"
                    : "POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 4000\r\n\r\n{\"tokenId\":");
        }

        assertAGenuineEnrollmentStillWorksQuickly("patient");
    }

    @Test
    void aPlaintextHttpRequestIsNotServedAndTheEndpointKeepsWorking() throws Exception {
        Socket plain = new Socket("127.0.0.1", hub.server().port());
        sockets.add(plain);
        plain.setSoTimeout(10_000);
        plain.getOutputStream().write("POST /v1/enroll HTTP/1.1\r\nHost: hub\r\nContent-Length: 2\r\n\r\n{}"
                .getBytes(StandardCharsets.US_ASCII));
        plain.getOutputStream().flush();
        byte[] answer = plain.getInputStream().readNBytes(64);
        assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotStartWith("HTTP/1.1 2");

        assertAGenuineEnrollmentStillWorksQuickly("after-plaintext");
    }
}
