package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.shared.text.Printable;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerSession;
import io.modelcontextprotocol.spec.McpServerTransport;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP stdio transport (MCP 2025-06-18, basic/transports: one JSON-RPC message per line on stdin
 * and stdout), used instead of the SDK's {@code StdioServerTransportProvider} (mcp-core 2.1.0), which
 * wedges a session in two ways: its replies go through a Reactor unicast sink whose concurrent
 * emitters fail with FAIL_NON_SERIALIZED after a 100 ms busy loop ("Failed to enqueue message"), and
 * any failed message (that one, or a notification whose handler fails) ends its one inbound flux, after
 * which nothing is answered while the process lives on.
 *
 * <p>Here every message is written by the thread that sends it, whole and flushed, under the lock of
 * {@code out} (the one every writer of stdout takes): nothing is queued or dropped, and a client that
 * reads slowly slows the writers down. Each line read is handed to the session on its own; a request the
 * session fails to answer gets a -32603 error under its id, and reading goes on. At most
 * {@link #MAX_REQUESTS_IN_FLIGHT} requests are handled at once; past that, reading stdin waits.
 *
 * <p>{@code in} must yield only lines that are valid JSON-RPC messages ({@link JsonRpcInputGuard} checks
 * them); a line the SDK still cannot read is answered with -32600 and skipped.
 */
final class SerializedStdioTransportProvider implements McpServerTransportProvider {
    private static final Logger LOG = LoggerFactory.getLogger(SerializedStdioTransportProvider.class);
    /** Requests handled at once before reading stdin waits (the SDK's transport allowed 256 in its flatMap). */
    static final int MAX_REQUESTS_IN_FLIGHT = 1024;

    private final McpJsonMapper json;
    private final ObjectMapper tree;
    private final InputStream in;
    private final OutputStream out;
    private final JsonRpcErrors errors;
    private final Semaphore inFlight = new Semaphore(MAX_REQUESTS_IN_FLIGHT);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile McpServerSession session;

    /** {@code out} is also the lock of every write to it; {@code tree} reads ids for error answers. */
    SerializedStdioTransportProvider(McpJsonMapper json, ObjectMapper tree, InputStream in, OutputStream out) {
        this.json = json;
        this.tree = tree;
        this.in = in;
        this.out = out;
        this.errors = new JsonRpcErrors(out, tree);
    }

    @Override
    public void setSessionFactory(McpServerSession.Factory sessionFactory) {
        session = sessionFactory.create(new SessionTransport());
        Thread reader = new Thread(this::readLoop, "mcp-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        McpServerSession current = session;
        return current == null ? Mono.error(new IllegalStateException("no MCP session to notify"))
                : current.sendNotification(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        McpServerSession current = session;
        closed.set(true);
        return current == null ? Mono.empty() : current.closeGracefully();
    }

    private void readLoop() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (!closed.get() && (line = reader.readLine()) != null) {
                dispatch(line);
            }
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.warn("reading stdin failed, ending the MCP session: {}", e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closed.set(true);
            session.close();
        }
    }

    private void dispatch(String line) throws InterruptedException {
        McpSchema.JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
            LOG.warn("the MCP SDK could not read a message: {}", e.getMessage());
            answer(idOf(line), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: the message does not fit the MCP schema");
            return;
        }
        boolean request = message instanceof McpSchema.JSONRPCRequest;
        if (request) {
            inFlight.acquire();
        }
        session.handle(message)
                .doFinally(signal -> {
                    if (request) {
                        inFlight.release();
                    }
                })
                .subscribe(null, failure -> failed(message, failure));
    }

    /** The session could not answer (or could not handle a notification): say so, and never end the session for it. */
    private void failed(McpSchema.JSONRPCMessage message, Throwable failure) {
        if (failure instanceof UncheckedIOException writing) {
            LOG.warn("{}: {}", writing.getMessage(), writing.getCause().getMessage());
            return; // the answer cannot be written either
        }
        if (message instanceof McpSchema.JSONRPCRequest request) {
            LOG.error("the MCP request {} (id {}) failed", Printable.of(request.method(), 80),
                    Printable.of(String.valueOf(request.id()), 80), failure);
            answer(tree.valueToTree(request.id()), JsonRpcErrors.INTERNAL_ERROR,
                    "Internal error: the server could not answer this request; its log (stderr) has the details");
        } else {
            LOG.warn("an incoming MCP message failed: {}", failure.toString());
        }
    }

    private void answer(JsonNode id, int code, String text) {
        if (closed.get()) {
            return;
        }
        try {
            errors.send(JsonRpcEnvelope.isValidId(id) ? id : null, code, text);
        } catch (IOException e) {
            LOG.debug("cannot write to stdout: {}", e.getMessage());
        }
    }

    private JsonNode idOf(String line) {
        try {
            JsonNode message = tree.readTree(line);
            return message == null ? null : message.get("id");
        } catch (IOException e) {
            return null;
        }
    }

    /** The session's side: writes each message whole, on the sending thread, under the lock of {@code out}. */
    private final class SessionTransport implements McpServerTransport {
        @Override
        public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
            return Mono.fromRunnable(() -> write(message));
        }

        private void write(McpSchema.JSONRPCMessage message) {
            if (closed.get()) {
                LOG.debug("MCP session closed, not sending {}", message);
                return;
            }
            try {
                byte[] bytes = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
                synchronized (out) {
                    out.write(bytes);
                    out.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to stdout", e);
            }
        }

        @Override
        public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
            return json.convertValue(data, typeRef);
        }

        @Override
        public Mono<Void> closeGracefully() {
            return Mono.fromRunnable(this::close);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
