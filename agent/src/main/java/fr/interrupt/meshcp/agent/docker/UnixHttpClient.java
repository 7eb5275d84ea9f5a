package fr.interrupt.meshcp.agent.docker;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Minimal HTTP/1.1 GET over a unix domain socket (JDK 17's UnixDomainSocketAddress): one request per
 * connection (Connection: close), Content-Length, chunked or read-to-end bodies. A deadline closes the
 * connection, which unblocks any read.
 */
final class UnixHttpClient {
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_HEADERS = 100;

    private final Path socket;
    private final ScheduledExecutorService timer;

    UnixHttpClient(Path socket, ScheduledExecutorService timer) {
        this.socket = socket;
        this.timer = timer;
    }

    /** An answer being read; closing it closes the connection. */
    static final class Response implements Closeable {
        private final int status;
        private final Map<String, String> headers;
        private final InputStream body;
        private final SocketChannel channel;
        private final ScheduledFuture<?> deadline;

        Response(int status, Map<String, String> headers, InputStream body, SocketChannel channel, ScheduledFuture<?> deadline) {
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.channel = channel;
            this.deadline = deadline;
        }

        int status() {
            return status;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        InputStream body() {
            return body;
        }

        byte[] readBody(int max) throws IOException {
            byte[] data = body.readNBytes(max + 1);
            if (data.length > max) {
                throw new IOException("answer larger than " + max + " bytes");
            }
            return data;
        }

        @Override
        public void close() throws IOException {
            deadline.cancel(false);
            channel.close();
        }
    }

    Response get(String target, Duration timeout) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        ScheduledFuture<?> deadline = timer.schedule(() -> closeQuietly(channel), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String request = "GET " + target + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: meshcp-agent\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
            String statusLine = readLine(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer");
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP answer");
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 0; ; i++) {
                String line = readLine(in);
                if (line.isEmpty()) {
                    break;
                }
                if (i >= MAX_HEADERS) {
                    throw new IOException("too many headers");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            return new Response(status, headers, body(in, headers), channel, deadline);
        } catch (IOException | RuntimeException e) {
            deadline.cancel(false);
            closeQuietly(channel);
            throw e;
        }
    }

    private static InputStream body(InputStream in, Map<String, String> headers) throws IOException {
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new ChunkedInputStream(in);
        }
        String length = headers.get("content-length");
        if (length != null) {
            try {
                return new LimitedInputStream(in, Long.parseLong(length));
            } catch (NumberFormatException e) {
                throw new IOException("invalid Content-Length");
            }
        }
        return in;
    }

    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the middle of the answer");
            }
            if (b == '\n') {
                break;
            }
            if (line.size() >= MAX_HEADER_LINE) {
                throw new IOException("header line too long");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Already closed.
        }
    }

    /** The body of a chunked answer, de-chunked. */
    static final class ChunkedInputStream extends FilterInputStream {
        private long remaining;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String sizeLine = readLine(in);
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
                try {
                    remaining = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    throw new IOException("invalid chunk size");
                }
                if (remaining < 0) {
                    throw new IOException("invalid chunk size");
                }
                if (remaining == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new IOException("connection closed in the middle of a chunk");
            }
            remaining -= n;
            if (remaining == 0) {
                readLine(in);
            }
            return n;
        }
    }

    /** The body of an answer with a Content-Length. */
    static final class LimitedInputStream extends FilterInputStream {
        private long remaining;

        LimitedInputStream(InputStream in, long length) {
            super(in);
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
