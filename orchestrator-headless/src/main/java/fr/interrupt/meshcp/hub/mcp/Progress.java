package fr.interrupt.meshcp.hub.mcp;

import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress notifications for one call, sent only when the client asked for them (a
 * {@code progressToken} in the request's {@code _meta}), at most one per {@link #MIN_INTERVAL_NANOS},
 * with a value that always increases as the protocol requires.
 */
public final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final McpSyncServerExchange exchange;
    private final Object token;
    private double last = -1;
    private long lastSentNanos;

    Progress(McpSyncServerExchange exchange, Map<String, Object> meta) {
        this.exchange = exchange;
        this.token = meta == null ? null : meta.get("progressToken");
    }

    public static Progress none() {
        return new Progress(null, null);
    }

    public boolean requested() {
        return token != null && exchange != null;
    }

    /** Sends {@code progress} (of {@code total}, may be null) unless it is too soon or not higher than the last one. */
    public synchronized void report(double progress, Double total, String message) {
        if (!requested() || progress <= last) {
            return;
        }
        long now = System.nanoTime();
        boolean final_ = total != null && progress >= total;
        if (last >= 0 && now - lastSentNanos < MIN_INTERVAL_NANOS && !final_) {
            return;
        }
        last = progress;
        lastSentNanos = now;
        try {
            exchange.progressNotification(new McpSchema.ProgressNotification(token, progress, total, message, null));
        } catch (RuntimeException e) {
            LOG.debug("progress notification not sent: {}", e.getMessage());
        }
    }
}
