package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands between stdin and the stdio transport ({@link SerializedStdioTransportProvider}; the SDK's own
 * ended the whole session on the first line it could not read). This passes on only well-formed JSON-RPC 2.0 messages, one per line, as
 * {@link JsonRpcEnvelope} judges them; a line that is not JSON gets a -32700 parse error, one that
 * is not a valid JSON-RPC message (an id that is an object, an array, a boolean, a fraction or null;
 * no or another "jsonrpc"; a method that is not a string; a batch array; a line larger than
 * {@link #MAX_LINE_BYTES}) a -32600 invalid request, written to stdout under the same lock the
 * transport writes under, and the guard reads on. It also reports the end of stdin, which ends the server.
 */
final class JsonRpcInputGuard extends InputStream {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcInputGuard.class);
    /** The SDK transport's own limit for one message. */
    public static final int MAX_LINE_BYTES = 16 * 1024 * 1024 - 1;

    private final InputStream in;
    private final ObjectMapper json;
    private final PendingRequests pending;
    private final Runnable onInputEnd;
    private final Runnable onEnd;
    private final JsonRpcErrors errors;
    private final AtomicBoolean ended = new AtomicBoolean();
    private byte[] current = new byte[0];
    private int position;

    /**
     * {@code out} must be the very stream the transport writes to: replies are written under its lock.
     * At the end of input, {@code onInputEnd} runs first (to stop what would keep requests waiting),
     * then the guard waits up to {@link #DRAIN} for pending requests to be answered, then {@code onEnd} runs
     * and the transport sees the end.
     */
    JsonRpcInputGuard(InputStream in, OutputStream out, ObjectMapper json, PendingRequests pending, Runnable onInputEnd,
                      Runnable onEnd) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
        this.json = json;
        this.errors = new JsonRpcErrors(out, json);
        this.pending = pending;
        this.onInputEnd = onInputEnd;
        this.onEnd = onEnd;
    }

    /** How long answers to the last requests may take once stdin has ended. */
    static final java.time.Duration DRAIN = java.time.Duration.ofSeconds(5);

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return current[position++] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    @Override
    public void close() throws IOException {
        in.close();
        end();
    }

    /** Makes a checked line available; false at the end of input. */
    private boolean fill() throws IOException {
        while (position >= current.length) {
            byte[] line;
            try {
                line = readLine();
            } catch (IOException e) {
                end();
                throw e;
            }
            if (line == null) {
                end();
                return false;
            }
            byte[] accepted = accept(line);
            if (accepted != null) {
                current = new byte[accepted.length + 1];
                System.arraycopy(accepted, 0, current, 0, accepted.length);
                current[accepted.length] = '\n';
                position = 0;
            }
        }
        return true;
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            try {
                onInputEnd.run();
                if (!pending.awaitAnswered(DRAIN)) {
                    LOG.warn("stdin closed with requests still unanswered after {} s", DRAIN.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                onEnd.run();
            }
        }
    }

    /** The next line without its end; null at the end of input. An oversized line is answered and skipped. */
    private byte[] readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean oversized = false;
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (line.size() < MAX_LINE_BYTES) {
                line.write(b);
            } else {
                oversized = true;
            }
        }
        if (b == -1 && line.size() == 0) {
            return null;
        }
        if (oversized) {
            LOG.warn("dropped an incoming message larger than {} bytes", MAX_LINE_BYTES);
            reply(null, -32600, "Invalid Request: message larger than " + MAX_LINE_BYTES + " bytes");
            return new byte[0];
        }
        return line.toByteArray();
    }

    /** The line to pass on (possibly with the request id added to a tool call's _meta), or null to drop it. */
    private byte[] accept(byte[] line) throws IOException {
        String text = new String(line, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return null;
        }
        JsonNode message;
        try {
            message = json.readTree(text);
        } catch (IOException e) {
            LOG.warn("answered a line that is not JSON with a parse error");
            reply(null, JsonRpcErrors.PARSE_ERROR, "Parse error: each line must be one JSON-RPC message");
            return null;
        }
        if (message != null && message.isArray()) {
            refuseBatch(message);
            return null;
        }
        JsonRpcEnvelope envelope = JsonRpcEnvelope.of(message);
        if (envelope instanceof JsonRpcEnvelope.Invalid invalid) {
            LOG.warn("answered an invalid JSON-RPC message with an invalid request error: {}", invalid.reason());
            reply(invalid.replyId(), JsonRpcErrors.INVALID_REQUEST, "Invalid Request: " + invalid.reason());
            return null;
        }
        if (envelope instanceof JsonRpcEnvelope.Notification notification) {
            if (notification.method().equals("notifications/cancelled")) {
                JsonNode cancelled = message.path("params").path("requestId");
                if (JsonRpcEnvelope.isValidId(cancelled)) {
                    LOG.info("the client cancelled request {}", cancelled);
                    pending.cancel(cancelled);
                }
                return null; // handled here: the SDK has no handler for it
            }
            return line;
        }
        if (!(envelope instanceof JsonRpcEnvelope.Request request)) {
            return line;
        }
        JsonNode id = request.id();
        pending.requested(id);
        if (request.method().equals("tools/call") && message.path("params").isObject()) {
            ObjectNode params = (ObjectNode) message.get("params");
            JsonNode meta = params.get("_meta");
            ObjectNode metaObject = meta instanceof ObjectNode o ? o : params.putObject("_meta");
            metaObject.put(REQUEST_ID_META, id.toString());
            return json.writeValueAsBytes(message);
        }
        return line;
    }

    /**
     * A JSON array is a JSON-RPC batch, which MCP 2025-06-18 removed (basic/index, changelog). Each request in it
     * with a valid id gets its own -32600 answer, so a client waiting on those ids is released; a batch without
     * one gets a single -32600 with a null id. Nothing in it runs.
     */
    private void refuseBatch(JsonNode batch) throws IOException {
        String reason = "Invalid Request: JSON-RPC batches are not supported (MCP 2025-06-18 removed them); "
                + "send one message per line";
        LOG.warn("answered a JSON-RPC batch of {} messages with invalid request errors", batch.size());
        boolean answered = false;
        for (JsonNode element : batch) {
            JsonNode id = element.isObject() && element.has("method") ? element.get("id") : null;
            if (JsonRpcEnvelope.isValidId(id)) {
                reply(id, JsonRpcErrors.INVALID_REQUEST, reason);
                answered = true;
            }
        }
        if (!answered) {
            reply(null, JsonRpcErrors.INVALID_REQUEST, reason);
        }
    }

    /** The _meta key under which a tool call carries its JSON-RPC id, to find its {@link CancelSignal}. */
    static final String REQUEST_ID_META = "fr.interrupt.meshcp/requestId";

    private void reply(JsonNode id, int code, String message) throws IOException {
        errors.send(id, code, message);
    }
}
