package fr.interrupt.meshcp.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny stand-in for the Docker Engine API on a real unix socket, answering with real HTTP/1.1 bytes:
 * a container list, inspect documents (one container without a TTY, one with), a 404, and logs both as a
 * chunked multiplexed stream (frames split across chunks) and as a raw stream read to the end.
 */
final class FakeDockerEngine implements AutoCloseable {
    static final String LIST = "[{\"Id\":\"4f2a9c\",\"Names\":[\"/web\"],\"Image\":\"nginx:1.27\",\"State\":\"running\","
            + "\"Status\":\"Up 3 hours\",\"Created\":1700000000},{\"Id\":\"77bb01\",\"Names\":[\"/db\",\"/db-alias\"],\"Image\":\"postgres:16\","
            + "\"State\":\"exited\",\"Status\":\"Exited (0) 2 days ago\",\"Created\":1690000000}]";
    static final String INSPECT_WEB = "{\"Id\":\"4f2a9c\",\"Name\":\"/web\",\"Config\":{\"Tty\":false,\"Image\":\"nginx:1.27\"}}";
    static final String INSPECT_TTY = "{\"Id\":\"99cc00\",\"Name\":\"/tty\",\"Config\":{\"Tty\":true}}";

    private final Path socket;
    private final ServerSocketChannel server;
    private final Thread thread;
    final List<String> requests = new CopyOnWriteArrayList<>();

    FakeDockerEngine(Path socket) throws IOException {
        this.socket = socket;
        this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        this.thread = new Thread(this::serve, "fake-docker");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                handle(Channels.newInputStream(client), Channels.newOutputStream(client));
            } catch (IOException e) {
                // Closed, or the client went away.
            }
        }
    }

    private void handle(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in);
        while (!line(in).isEmpty()) {
            // Headers are not needed.
        }
        String target = requestLine.split(" ")[1];
        requests.add(target);
        if (target.startsWith("/containers/json")) {
            json(out, 200, LIST);
        } else if (target.equals("/containers/web/json")) {
            json(out, 200, INSPECT_WEB);
        } else if (target.equals("/containers/tty/json")) {
            json(out, 200, INSPECT_TTY);
        } else if (target.startsWith("/containers/web/logs")) {
            multiplexedChunked(out);
        } else if (target.startsWith("/containers/tty/logs")) {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: close\r\n\r\n"
                    + "tty line 1\r\ntty line 2\r\n").getBytes(StandardCharsets.UTF_8));
        } else {
            String name = target.replaceAll("^/containers/([^/]+)/.*$", "$1");
            json(out, 404, "{\"message\":\"No such container: " + name + "\"}");
        }
        out.flush();
    }

    private static void json(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found") + "\r\nContent-Type: application/json\r\nContent-Length: "
                + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
    }

    /** Frames for stdout "hello\n", stderr "oops\n", stdout 100 000 bytes of 'x', cut into 7-byte and 4 KiB chunks. */
    private static void multiplexedChunked(OutputStream out) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frame(frames, 1, "hello\n".getBytes(StandardCharsets.UTF_8));
        frame(frames, 2, "oops\n".getBytes(StandardCharsets.UTF_8));
        frame(frames, 1, "x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        byte[] body = frames.toByteArray();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\nTransfer-Encoding: chunked\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        int i = 0;
        while (i < body.length) {
            int size = Math.min(i < 40 ? 7 : 4096, body.length - i);
            out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, size);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            i += size;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static void frame(ByteArrayOutputStream out, int stream, byte[] payload) {
        out.write(stream);
        out.write(0);
        out.write(0);
        out.write(0);
        out.write(payload.length >>> 24);
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.writeBytes(payload);
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }
}
