package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow TLS clients (issue 13, item 1): connections that send the first 3 bytes of a TLS record and stall, from
 * several loopback addresses, neither hold the endpoint's threads nor lock genuine enrollments out. The attack is
 * bounded: at most {@link #MAX_ATTACK_CONNECTIONS} connections, for as long as the genuine enrollments take.
 */
class EnrollmentFloodTest {
    /** Attacking addresses 127.0.0.2 .. 127.0.0.(1 + SOURCES); the genuine client uses 127.0.0.1. */
    private static final int SOURCES = 8;
    private static final int PER_SOURCE = 40;
    private static final int MAX_ATTACK_CONNECTIONS = 900;
    /** The start of a TLS handshake record (content type 22, version 3.1), never finished. */
    private static final byte[] RECORD_START = {0x16, 0x03, 0x01};

    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.open(dir);
        hub.server();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void genuineEnrollmentsSucceedWhileHundredsOfStalledHandshakesComeFromSeveralAddresses() throws Exception {
        // the first enrollment of the JVM warms up TLS, the CA and the HTTP client: not measured
        hub.enroll("warm-up", "", 7444);
        try (Attack attack = Attack.start(hub.server().port())) {
            attack.awaitOpened(SOURCES * PER_SOURCE / 2);
            for (int i = 0; i < 5; i++) {
                String name = "genuine-" + i;
                long start = System.nanoTime();
                EnrollmentClient.Reply reply = hub.client().post(
                        EnrollmentClient.request(hub.token(name).token(), name, KeyPairs.generateP256(), "", 7444));
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                assertThat(took).as("enrollment %d under attack", i).isLessThan(Duration.ofSeconds(8));
            }
            assertThat(attack.opened()).as("connections the attack opened").isGreaterThanOrEqualTo(SOURCES * PER_SOURCE);
        }
    }

    @Test
    void aStalledHandshakeIsClosedByTheEndpointWithinSeconds() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", hub.server().port()), 2000);
            socket.getOutputStream().write(RECORD_START);
            socket.getOutputStream().flush();
            socket.setSoTimeout(9000);
            long start = System.nanoTime();

            int read = readUntilClosed(socket.getInputStream());

            assertThat(read).as("the endpoint closed the connection").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(EnrollmentServer.HANDSHAKE_SECONDS + 3));
        }
    }

    @Test
    void oneAddressCannotHoldMoreThanItsShareOfConnections() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            long firstOpened = System.nanoTime();
            for (int i = 0; i < EnrollmentServer.MAX_CONNECTIONS_PER_SOURCE + 10; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.20", 0));
                s.connect(new InetSocketAddress("127.0.0.1", hub.server().port()), 2000);
                s.getOutputStream().write(RECORD_START);
                sockets.add(s);
            }
            List<Socket> open = new ArrayList<>(sockets);
            int closedAtOnce = 0;
            // well before the handshake deadline closes the others: only the cap can have closed these
            long checkUntil = firstOpened + Duration.ofSeconds(EnrollmentServer.HANDSHAKE_SECONDS - 2).toNanos();
            while (closedAtOnce < 10 && System.nanoTime() < checkUntil) {
                for (java.util.Iterator<Socket> it = open.iterator(); it.hasNext(); ) {
                    if (closedByPeer(it.next())) {
                        it.remove();
                        closedAtOnce++;
                    }
                }
            }
            assertThat(closedAtOnce).as("connections over the per-address cap are closed at once").isGreaterThanOrEqualTo(10);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    /** True when the endpoint has closed or reset the connection; waits at most a millisecond. */
    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static int readUntilClosed(InputStream in) throws IOException {
        int b;
        do {
            b = in.read();
        } while (b != -1);
        return b;
    }

    /** Opens stalled connections from several addresses on a background thread, replacing those the endpoint closes. */
    private static final class Attack implements AutoCloseable {
        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger opened = new AtomicInteger();
        private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();
        private final Thread thread;

        private Attack(int port) {
            this.port = port;
            this.thread = new Thread(this::run, "attack");
            this.thread.setDaemon(true);
        }

        static Attack start(int port) {
            Attack attack = new Attack(port);
            attack.thread.start();
            return attack;
        }

        private void run() {
            while (running.get() && opened.get() < MAX_ATTACK_CONNECTIONS) {
                sockets.removeIf(Socket::isClosed);
                for (int source = 0; source < SOURCES && running.get(); source++) {
                    stall("127.0.0." + (2 + source));
                }
                Thread.onSpinWait();
            }
        }

        private void stall(String from) {
            Socket s = new Socket();
            try {
                s.bind(new InetSocketAddress(from, 0));
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                s.getOutputStream().write(RECORD_START);
                s.getOutputStream().flush();
                sockets.add(s);
                opened.incrementAndGet();
            } catch (IOException e) {
                // refused or reset by the endpoint: what a bounded endpoint does to a flood
                closeQuietly(s);
                opened.incrementAndGet();
            }
        }

        void awaitOpened(int count) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> opened.get() >= count);
        }

        int opened() {
            return opened.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
            sockets.forEach(Attack::closeQuietly);
        }

        private static void closeQuietly(Socket s) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing a socket of the test's own
            }
        }
    }
}
