package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting the enrollment endpoint tells who holds a taken port: this hub, another one, or not a hub at all. */
class EnrollmentEndpointServiceTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    @TempDir
    Path dataDir;
    @TempDir
    Path otherDataDir;

    @Test
    void aFreePortIsServed() {
        try (Hub hub = Hub.open(dataDir, "test", new TestClock())) {
            EndpointStart start = hub.enrollmentEndpoint().start(ANY_LOOPBACK_PORT);

            assertThat(start).isInstanceOf(EndpointStart.Serving.class);
            try (EnrollmentServer server = ((EndpointStart.Serving) start).server()) {
                assertThat(server.address().getPort()).isPositive();
            }
        }
    }

    @Test
    void aPortServedByAnotherProcessOfThisHubIsHeldByThisHub() {
        try (Hub first = Hub.open(dataDir, "first", new TestClock());
             EnrollmentServer serving = serve(first);
             Hub second = Hub.open(dataDir, "second", new TestClock())) {
            EndpointStart start = second.enrollmentEndpoint().start(loopback(serving.address().getPort()));

            assertThat(start).isInstanceOf(EndpointStart.HeldByThisHub.class);
        }
    }

    @Test
    void aPortServedByAHubWithAnotherCaIsHeldByAnother() {
        try (Hub other = Hub.open(otherDataDir, "other", new TestClock());
             EnrollmentServer serving = serve(other);
             Hub hub = Hub.open(dataDir, "test", new TestClock())) {
            EndpointStart start = hub.enrollmentEndpoint().start(loopback(serving.address().getPort()));

            assertThat(start).isInstanceOfSatisfying(EndpointStart.HeldByOther.class,
                    held -> assertThat(held.what()).contains("another hub"));
        }
    }

    @Test
    void aPortHeldByAServerThatIsNotTlsIsHeldByAnother() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             Hub hub = Hub.open(dataDir, "test", new TestClock())) {
            Thread answerer = new Thread(() -> answerInPlainText(plain), "plain-text-server");
            answerer.setDaemon(true);
            answerer.start();

            EndpointStart start = hub.enrollmentEndpoint().start(loopback(plain.getLocalPort()));

            assertThat(start).isInstanceOfSatisfying(EndpointStart.HeldByOther.class,
                    held -> assertThat(held.what()).contains("not answer as a TLS server"));
        }
    }

    private static void answerInPlainText(ServerSocket plain) {
        try (Socket client = plain.accept(); OutputStream out = client.getOutputStream()) {
            out.write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // the test has finished
        }
    }

    private static EnrollmentServer serve(Hub hub) {
        return ((EndpointStart.Serving) hub.enrollmentEndpoint().start(ANY_LOOPBACK_PORT)).server();
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }
}
