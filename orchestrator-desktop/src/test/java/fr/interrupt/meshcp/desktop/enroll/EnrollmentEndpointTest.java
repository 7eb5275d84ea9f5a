package fr.interrupt.meshcp.desktop.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrollmentEndpointTest {
    @TempDir
    Path dataDir;

    @Test
    void aFreePortIsServedAndItsUrlIsInTheCommands() {
        try (Hub hub = Hub.open(dataDir, "test");
             EnrollmentEndpoint endpoint = new EnrollmentEndpoint(hub, new InetSocketAddress("127.0.0.1", 0), null)) {
            EndpointStatus status = endpoint.start();
            assertThat(status.state()).isEqualTo(EndpointStatus.State.SERVING);
            assertThat(endpoint.enrollmentUrl()).matches("https://127\\.0\\.0\\.1:\\d+").isNotEqualTo("https://127.0.0.1:0");
            assertThat(status.note()).isEqualTo("Enrollment endpoint on " + endpoint.enrollmentUrl());
        }
    }

    @Test
    void aPortServedByAnotherProcessOfThisHubIsLeftToIt() {
        try (Hub serve = Hub.open(dataDir, "serve");
             EnrollmentEndpoint serving = new EnrollmentEndpoint(serve, new InetSocketAddress("127.0.0.1", 0), null)) {
            serving.start();
            int port = Integer.parseInt(serving.enrollmentUrl().replaceAll(".*:", ""));
            try (Hub hub = Hub.open(dataDir, "test");
                 EnrollmentEndpoint endpoint = new EnrollmentEndpoint(hub, new InetSocketAddress("127.0.0.1", port), null)) {
                EndpointStatus status = endpoint.start();
                assertThat(status.state()).isEqualTo(EndpointStatus.State.ELSEWHERE);
                assertThat(status.usable()).isTrue();
                assertThat(status.note()).startsWith("Port " + port + " is served by another meshcp process of this hub");
                assertThat(endpoint.localUrl()).isEqualTo("https://127.0.0.1:" + port);
            }
        }
    }

    @Test
    void aPortHeldBySomethingElseIsNotUsableAndSaysSo() throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Hub hub = Hub.open(dataDir, "test");
             EnrollmentEndpoint endpoint = new EnrollmentEndpoint(hub, new InetSocketAddress("127.0.0.1", other.getLocalPort()), null)) {
            EndpointStatus status = endpoint.start();
            assertThat(status.state()).isEqualTo(EndpointStatus.State.HELD_BY_OTHER);
            assertThat(status.usable()).isFalse();
            assertThat(status.note()).startsWith("Port " + other.getLocalPort() + " is in use by ")
                    .contains("machines cannot enroll with this hub").doesNotContain("probably");
        }
    }

    @Test
    void anAdvertisedAddressIsUsedInTheCommands() {
        try (Hub hub = Hub.open(dataDir, "test");
             EnrollmentEndpoint endpoint = new EnrollmentEndpoint(hub, new InetSocketAddress("127.0.0.1", 0), "hub.lan")) {
            endpoint.start();
            assertThat(endpoint.enrollmentUrl()).startsWith("https://hub.lan:");
        }
    }
}
