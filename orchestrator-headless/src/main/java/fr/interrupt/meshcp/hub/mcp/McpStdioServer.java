package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server on a pair of streams (stdin/stdout in production, pipes in tests): runs until
 * its input ends, then closes the hub. Commands it started run on as jobs kept by their agents
 * (a later session, the CLI or the desktop reads them); only a call the client cancels kills its command.
 */
public final class McpStdioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdioServer.class);

    private final McpSyncServer server;
    private final HubHandle hub;
    private final CountDownLatch inputEnded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpStdioServer(McpSyncServer server, HubHandle hub, CountDownLatch inputEnded) {
        this.server = server;
        this.hub = hub;
        this.inputEnded = inputEnded;
    }

    /** Starts serving {@code in}/{@code out} at once; the hub may still be opening. */
    public static McpStdioServer start(InputStream in, OutputStream out, HubHandle hub) {
        ObjectMapper mapper = new ObjectMapper();
        CountDownLatch inputEnded = new CountDownLatch(1);
        PendingRequests pending = new PendingRequests(mapper);
        OutputStream tracked = pending.tracking(out);
        InputStream guarded = new JsonRpcInputGuard(in, tracked, mapper, pending, () -> { }, inputEnded::countDown);
        SerializedStdioTransportProvider transport = new SerializedStdioTransportProvider(new JacksonMcpJsonMapper(mapper), mapper,
                guarded, tracked);
        McpSyncServer server = McpServerFactory.create(transport, new JacksonMcpJsonMapper(mapper), hub,
                meta -> pending.cancellation(meta == null ? null : (String) meta.get(JsonRpcInputGuard.REQUEST_ID_META)));
        return new McpStdioServer(server, hub, inputEnded);
    }

    /** Blocks until the client closes stdin (or the input fails). */
    public void awaitInputEnd() throws InterruptedException {
        inputEnded.await();
    }

    public boolean awaitInputEnd(Duration timeout) throws InterruptedException {
        return inputEnded.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops the server and closes the hub; running jobs go on on their agents. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the MCP session: {}", e.getMessage());
        }
        hub.close();
    }
}
