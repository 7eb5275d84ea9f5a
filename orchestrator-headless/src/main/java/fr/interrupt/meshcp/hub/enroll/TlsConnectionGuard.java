package fr.interrupt.meshcp.hub.enroll;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds what one TLS client can hold on the enrollment endpoint: a connection whose handshake has not finished
 * {@code handshakeTime} after it was accepted is closed (a client that sends 3 bytes of a record and stalls), and
 * one source address holds at most {@code maxPerSource} connections at once (a connection over it is closed as soon
 * as it opens). Counted per TCP connection (Jetty's {@link SslConnection}, the outer connection of each socket).
 */
final class TlsConnectionGuard implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(TlsConnectionGuard.class);

    private final Scheduler scheduler;
    private final Duration handshakeTime;
    private final int maxPerSource;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    TlsConnectionGuard(Scheduler scheduler, Duration handshakeTime, int maxPerSource) {
        this.scheduler = scheduler;
        this.handshakeTime = handshakeTime;
        this.maxPerSource = maxPerSource;
    }

    @Override
    public void onOpened(Connection connection) {
        if (!(connection instanceof SslConnection tls)) {
            return;
        }
        InetAddress source = source(connection);
        int held = open.merge(source, 1, Integer::sum);
        if (held > maxPerSource) {
            LOG.debug("closing a connection from {}: it already holds {} connections", source.getHostAddress(), maxPerSource);
            connection.getEndPoint().close();
            return;
        }
        Scheduler.Task deadline = scheduler.schedule(() -> {
            LOG.debug("closing a connection from {}: no TLS handshake within {}", source.getHostAddress(), handshakeTime);
            connection.getEndPoint().close();
        }, handshakeTime.toMillis(), TimeUnit.MILLISECONDS);
        tls.addHandshakeListener(new SslHandshakeListener() {
            @Override
            public void handshakeSucceeded(Event event) {
                deadline.cancel();
            }

            @Override
            public void handshakeFailed(Event event, Throwable failure) {
                deadline.cancel();
            }
        });
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection) {
            open.computeIfPresent(source(connection), (address, held) -> held <= 1 ? null : held - 1);
        }
    }

    /** Connections open from {@code source} now (for tests and logs). */
    int openFrom(InetAddress source) {
        return open.getOrDefault(source, 0);
    }

    private static InetAddress source(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }
}
