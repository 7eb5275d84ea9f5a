package fr.interrupt.meshcp.hub.fleet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * Non-blocking TCP connection attempts to many addresses at once, from one thread and one selector: whether anything
 * accepts a connection at an address, before a gRPC channel (netty bootstrap, TLS context, channelz entry: about
 * 0.5 ms of CPU, measured) is built for it. A refused port then costs a socket and about ten syscalls (some 30 µs of
 * CPU). The connection is closed as soon as it is made; nothing is sent on it.
 *
 * <p>At most {@code inFlight} attempts are open at once (the others wait in line, first come first served), each
 * given {@code connectTimeout}. Only IP literals are tried: a host name would need a blocking DNS lookup, so
 * {@link #tries(String)} says no and the caller dials as before. The thread starts with the first attempt and stops
 * on {@link #close()}.
 */
public final class TcpProbe implements AutoCloseable {
    /** Attempts open at once unless told otherwise: well below the usual 1,024 open files of a process. */
    public static final int DEFAULT_IN_FLIGHT = 256;

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    /** Hex groups and colons (a dotted IPv4 tail allowed), optionally in brackets: nothing a resolver would look up. */
    private static final Pattern IPV6 = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*]?");

    private final Duration connectTimeout;
    private final int inFlight;
    private final Queue<Attempt> waiting = new ConcurrentLinkedQueue<>();
    private Selector selector;
    private Thread thread;
    private boolean closed;

    /** One connection attempt; compared by identity. */
    private static final class Attempt {
        private final InetSocketAddress address;
        private final CompletableFuture<Void> result = new CompletableFuture<>();
        private long deadline;

        Attempt(InetSocketAddress address) {
            this.address = address;
        }

        InetSocketAddress address() {
            return address;
        }

        CompletableFuture<Void> result() {
            return result;
        }
    }

    /**
     * @param connectTimeout how long one attempt may wait for an answer (a SYN nobody answers); positive
     * @param inFlight       attempts open at once; at least 1
     */
    public TcpProbe(Duration connectTimeout, int inFlight) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || inFlight < 1) {
            throw new IllegalArgumentException("the connect timeout must be positive and inFlight at least 1");
        }
        this.connectTimeout = connectTimeout;
        this.inFlight = inFlight;
    }

    /** Whether {@link #connect} tries this host: an IPv4 or IPv6 literal (no DNS lookup), not a name. */
    public static boolean tries(String host) {
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return IPV6.matcher(host).matches();
    }

    /**
     * One attempt to connect to host:port. Completes normally once a connection is made (and closed at once), or
     * with the {@link IOException} that says why not: {@link java.net.ConnectException} (refused),
     * {@link java.net.NoRouteToHostException}, {@link SocketTimeoutException} (no answer within the connect timeout),
     * {@link UnknownHostException} (not an IP literal), or an IOException when the probe is closed first.
     */
    public CompletableFuture<Void> connect(String host, int port) {
        InetAddress address;
        try {
            if (!tries(host)) {
                throw new UnknownHostException(host + " is not an IP address");
            }
            address = InetAddress.getByName(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return CompletableFuture.failedFuture(e);
        }
        Selector running;
        Attempt attempt;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("the hub is closing"));
            }
            running = started();
            if (running == null) {
                return CompletableFuture.failedFuture(new IOException("cannot open a selector"));
            }
            attempt = new Attempt(new InetSocketAddress(address, port));
            waiting.add(attempt);
        }
        running.wakeup();
        return attempt.result();
    }

    private Selector started() {
        if (selector == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                return null;
            }
            Selector own = selector;
            thread = new Thread(() -> loop(own), "meshcp-tcp-probe");
            thread.setDaemon(true);
            thread.start();
        }
        return selector;
    }

    private void loop(Selector own) {
        List<Attempt> open = new ArrayList<>();
        try {
            while (!isClosed()) {
                startWaiting(own, open);
                long wait = untilNextDeadlineMillis(open);
                if (wait == 0) {
                    own.select();
                } else {
                    own.select(wait);
                }
                finishConnected(own, open);
                expire(own, open);
            }
        } catch (IOException | RuntimeException e) {
            // closing (ClosedSelectorException), or a failure of the selector itself: the next connect starts anew
        } finally {
            synchronized (this) {
                if (selector == own) {
                    selector = null;
                    thread = null;
                }
            }
            IOException closing = new IOException(isClosed() ? "the hub is closing" : "the connection check stopped");
            for (Attempt a : open) {
                a.result().completeExceptionally(closing);
            }
            for (Attempt a; (a = waiting.poll()) != null; ) {
                a.result().completeExceptionally(closing);
            }
            for (SelectionKey key : keys(own)) {
                closeQuietly((SocketChannel) key.channel());
            }
            try {
                own.close();
            } catch (IOException e) {
                // its channels are closed above
            }
        }
    }

    private void startWaiting(Selector own, List<Attempt> open) {
        for (Attempt a; open.size() < inFlight && (a = waiting.poll()) != null; ) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                if (channel.connect(a.address())) {
                    closeQuietly(channel);
                    a.result().complete(null);
                    continue;
                }
                a.deadline = System.nanoTime() + connectTimeout.toNanos();
                channel.register(own, SelectionKey.OP_CONNECT, a);
                open.add(a);
            } catch (IOException e) {
                closeQuietly(channel);
                a.result().completeExceptionally(e);
            }
        }
    }

    private static void finishConnected(Selector own, List<Attempt> open) {
        Iterator<SelectionKey> ready = own.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            Attempt a = (Attempt) key.attachment();
            SocketChannel channel = (SocketChannel) key.channel();
            try {
                channel.finishConnect();
                a.result().complete(null);
            } catch (IOException e) {
                a.result().completeExceptionally(e);
            }
            key.cancel();
            closeQuietly(channel);
            open.remove(a);
        }
    }

    private static void expire(Selector own, List<Attempt> open) {
        long now = System.nanoTime();
        Iterator<Attempt> each = open.iterator();
        while (each.hasNext()) {
            Attempt a = each.next();
            if (now - a.deadline >= 0) {
                each.remove();
                for (SelectionKey key : keys(own)) {
                    if (key.attachment() == a) {
                        key.cancel();
                        closeQuietly((SocketChannel) key.channel());
                    }
                }
                a.result().completeExceptionally(new SocketTimeoutException("connection timed out: " + a.address()));
            }
        }
    }

    private long untilNextDeadlineMillis(List<Attempt> open) {
        if (open.isEmpty()) {
            return waiting.isEmpty() ? 0 : 1; // 0: nothing to time, wait for connect() to wake the selector
        }
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Attempt a : open) {
            next = Math.min(next, a.deadline - now);
        }
        return Math.max(1, next / 1_000_000 + 1);
    }

    private static List<SelectionKey> keys(Selector selector) {
        try {
            return new ArrayList<>(selector.keys());
        } catch (ClosedSelectorException e) {
            return List.of();
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was sent on it; the descriptor is released either way
            }
        }
    }

    /** Stops the thread; attempts still open or waiting fail with an IOException. */
    @Override
    public void close() {
        Thread running;
        Selector own;
        synchronized (this) {
            closed = true;
            running = thread;
            own = selector;
        }
        if (running != null) {
            own.wakeup();
            try {
                running.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                own.close();
            } catch (IOException e) {
                // the thread has ended or is ending
            }
        }
    }
}
