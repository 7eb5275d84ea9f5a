package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The requests read from stdin and not yet answered on stdout, each with its {@link CancelSignal}.
 * A client's {@code notifications/cancelled} cancels the call (the SDK has no handler for it).
 * When stdin ends, the server waits (briefly) for pending requests to be answered before it lets
 * the transport close, since the SDK's transport writes nothing once its input has ended: a client
 * that sends a request and closes stdin right away (a script, a pipe) still gets its answer.
 */
final class PendingRequests {
    private final ObjectMapper json;
    private final Map<String, CancelSignal> pending = new HashMap<>();

    PendingRequests(ObjectMapper json) {
        this.json = json;
    }

    synchronized void requested(JsonNode id) {
        pending.put(id.toString(), new CancelSignal());
    }

    synchronized void answered(JsonNode id) {
        if (pending.remove(id.toString()) != null) {
            notifyAll();
        }
    }

    /** The cancellation of a pending request, or a fresh one that nothing will trigger. */
    synchronized CancelSignal cancellation(String idKey) {
        CancelSignal c = idKey == null ? null : pending.get(idKey);
        return c == null ? new CancelSignal() : c;
    }

    /** The client gave up on request {@code id}: whatever waits for it stops. */
    void cancel(JsonNode id) {
        CancelSignal c;
        synchronized (this) {
            c = pending.get(id.toString());
        }
        if (c != null) {
            c.fire();
        }
    }

    /** Waits until every request read so far is answered, or {@code timeout} passed; true when none is left. */
    synchronized boolean awaitAnswered(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Wraps stdout: each line written is a message; a response marks its request answered. */
    OutputStream tracking(OutputStream out) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                see(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
                for (int i = offset; i < offset + length; i++) {
                    see(bytes[i]);
                }
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }

            private void see(int b) {
                if (b != '\n') {
                    line.write(b);
                    return;
                }
                try {
                    JsonNode message = json.readTree(line.toByteArray());
                    JsonNode id = message == null ? null : message.get("id");
                    if (id != null && !id.isNull() && (message.has("result") || message.has("error"))) {
                        answered(id);
                    }
                } catch (IOException ignored) {
                    // not ours to judge: the transport wrote it
                } finally {
                    line.reset();
                }
            }
        };
    }
}
