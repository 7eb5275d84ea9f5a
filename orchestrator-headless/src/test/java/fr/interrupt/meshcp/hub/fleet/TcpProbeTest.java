package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.testsupport.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection attempts from one selector thread: refused, accepted, unanswered, and many at once within a bound. */
class TcpProbeTest {
    private final TcpProbe probe = new TcpProbe(Duration.ofMillis(500), 16);

    @AfterEach
    void close() {
        probe.close();
    }

    private static Throwable failureOf(CompletableFuture<Void> attempt) throws Exception {
        try {
            attempt.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aPortNobodyListensOnIsRefused() throws Exception {
        assertThat(failureOf(probe.connect("127.0.0.1", Ports.freePort()))).isInstanceOf(ConnectException.class);
    }

    @Test
    void aListeningPortIsConnectedAndTheConnectionIsClosedWithoutAByte() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(failureOf(probe.connect("127.0.0.1", server.getLocalPort()))).isNull();

            try (Socket accepted = server.accept(); InputStream in = accepted.getInputStream()) {
                accepted.setSoTimeout(5_000);
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void ipLiteralsAreTriedAndAnythingAResolverWouldLookUpIsNot() throws Exception {
        assertThat(TcpProbe.tries("::1")).isTrue();
        assertThat(TcpProbe.tries("[::1]")).isTrue();
        assertThat(TcpProbe.tries("10.0.0.7")).isTrue();
        assertThat(TcpProbe.tries("web-1.example.org")).isFalse();
        assertThat(TcpProbe.tries("300.1.1.1")).isFalse();
        assertThat(TcpProbe.tries("web:1")).isFalse();
    }

    @Test
    void aHostNameIsNotLookedUp() throws Exception {
        assertThat(failureOf(probe.connect("web-1.invalid", 7444))).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void aListenerThatNeverCompletesTheHandshakeTimesOut() throws Exception {
        // a full accept queue: Linux drops the SYNs, as a firewall that drops packets would
        List<Socket> queued = new ArrayList<>();
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
            for (int i = 0; i < 64; i++) {
                Socket s = new Socket();
                queued.add(s);
                try {
                    s.connect(address, 200);
                } catch (SocketTimeoutException dropped) {
                    break;
                }
            }

            assertThat(failureOf(probe.connect("127.0.0.1", full.getLocalPort())))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("timed out");
        } finally {
            for (Socket s : queued) {
                s.close();
            }
        }
    }

    @Test
    void twoThousandAttemptsOnARefusedPortAllAnswerRefused() throws Exception {
        int refused = Ports.freePort();
        List<CompletableFuture<Void>> attempts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            attempts.add(probe.connect("127.0.0.1", refused));
        }

        for (CompletableFuture<Void> attempt : attempts) {
            assertThat(failureOf(attempt)).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void attemptsAfterCloseFailWithASentence() {
        probe.close();

        assertThatThrownBy(() -> probe.connect("127.0.0.1", 9).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IOException.class).hasMessageContaining("closing");
    }
}
