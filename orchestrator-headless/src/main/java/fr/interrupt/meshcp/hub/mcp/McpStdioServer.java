package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.mcp.jobs.Job;
import fr.interrupt.meshcp.hub.mcp.jobs.JobRegistry;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MCP server on a pair of streams (stdin/stdout in production, pipes in tests): runs until
 * its input ends, then cancels the jobs nobody can read any more and closes the hub.
 */
public final class McpStdioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(McpStdioServer.class);
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(3);

    private final McpSyncServer server;
    private final JobRegistry jobs;
    private final HubHandle hub;
    private final CountDownLatch inputEnded;
    private final AtomicBoolean closed = new AtomicBoolean();

    private McpStdioServer(McpSyncServer server, JobRegistry jobs, HubHandle hub, CountDownLatch inputEnded) {
        this.server = server;
        this.jobs = jobs;
        this.hub = hub;
        this.inputEnded = inputEnded;
    }

    /** Starts serving {@code in}/{@code out} at once; the hub may still be opening. */
    public static McpStdioServer start(InputStream in, OutputStream out, HubHandle hub, Clock clock, JobRegistry.Limits limits) {
        return start(in, out, hub, new JobRegistry((machine, options, listener) -> hub.get().exec().start(machine, options, listener),
                clock, limits));
    }

    /** With a given job registry (tests start commands with a fake). */
    static McpStdioServer start(InputStream in, OutputStream out, HubHandle hub, JobRegistry jobs) {
        ObjectMapper mapper = new ObjectMapper();
        CountDownLatch inputEnded = new CountDownLatch(1);
        PendingRequests pending = new PendingRequests(mapper);
        OutputStream tracked = pending.tracking(out);
        InputStream guarded = new JsonRpcInputGuard(in, tracked, mapper, pending, jobs::cancelAll, inputEnded::countDown);
        StdioServerTransportProvider transport = new StdioServerTransportProvider(new JacksonMcpJsonMapper(mapper), guarded, tracked);
        McpSyncServer server = McpServerFactory.create(transport, new JacksonMcpJsonMapper(mapper), hub, jobs,
                meta -> pending.cancellation(meta == null ? null : (String) meta.get(JsonRpcInputGuard.REQUEST_ID_META)));
        return new McpStdioServer(server, jobs, hub, inputEnded);
    }

    public JobRegistry jobs() {
        return jobs;
    }

    /** Blocks until the client closes stdin (or the input fails). */
    public void awaitInputEnd() throws InterruptedException {
        inputEnded.await();
    }

    public boolean awaitInputEnd(Duration timeout) throws InterruptedException {
        return inputEnded.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Cancels running jobs (killing their remote processes), then stops the server and closes the hub. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        List<Job> cancelled = jobs.cancelAll();
        if (!cancelled.isEmpty()) {
            LOG.info("session ended: cancelling {} running job(s)", cancelled.size());
            long deadline = System.nanoTime() + CANCEL_GRACE.toNanos();
            for (Job job : cancelled) {
                try {
                    job.await(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        try {
            server.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the MCP session: {}", e.getMessage());
        }
        hub.close();
    }
}
