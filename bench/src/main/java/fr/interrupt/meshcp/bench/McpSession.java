package fr.interrupt.meshcp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real MCP client (the SDK's, over stdio) talking to the built {@code orchestrator-headless serve}, launched as
 * Claude Code launches it (no enrollment endpoint: the harness's hub serves that). Closing it closes stdin, which ends
 * the server.
 */
final class McpSession implements AutoCloseable {
    private final McpSyncClient client;
    private final long initializeNanos;
    private final Deque<String> stderr;

    private McpSession(McpSyncClient client, long initializeNanos, Deque<String> stderr) {
        this.client = client;
        this.initializeNanos = initializeNanos;
        this.stderr = stderr;
    }

    /**
     * Launches serve on dataDir and waits for its answer to {@code initialize} (at most 60 s).
     *
     * @param env added to the server's environment (MESHCP_JAVA_OPTS as for every command of the run)
     */
    static McpSession start(Path hubLauncher, Path dataDir, Map<String, String> env) {
        ServerParameters server = ServerParameters.builder(hubLauncher.toString())
                .args("--data-dir", dataDir.toString(), "serve", "--no-enrollment")
                .env(env)
                .build();
        StdioClientTransport transport = new StdioClientTransport(server, new JacksonMcpJsonMapper(new ObjectMapper()));
        Deque<String> stderr = new ArrayDeque<>();
        transport.setStdErrorHandler(line -> {
            synchronized (stderr) {
                stderr.addLast(line);
                if (stderr.size() > 20) {
                    stderr.removeFirst();
                }
            }
        });
        McpSyncClient client = McpClient.sync(transport)
                .requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(60))
                .build();
        long start = System.nanoTime();
        client.initialize();
        return new McpSession(client, System.nanoTime() - start, stderr);
    }

    /** Launch of serve to the answer to {@code initialize}, as the client saw it. */
    long initializeNanos() {
        return initializeNanos;
    }

    /**
     * Calls the {@code exec} tool and checks that the command exited 0.
     *
     * @throws IllegalStateException with the tool's own text when it did not
     */
    void exec(String machine, String command) {
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("machine", machine);
        arguments.put("command", command);
        McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("exec", arguments));
        Object exit = result.structuredContent() instanceof Map<?, ?> m ? m.get("exit_code") : null;
        if (Boolean.TRUE.equals(result.isError()) || !Integer.valueOf(0).equals(exit)) {
            throw new IllegalStateException("MCP exec of '" + command + "' on " + machine + " failed: " + result.content()
                    + "\nserve's last stderr lines: " + lastStderr());
        }
    }

    private String lastStderr() {
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    @Override
    public void close() {
        client.closeGracefully();
    }
}
