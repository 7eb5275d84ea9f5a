package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.certs.CertificateLifecycle;
import fr.interrupt.meshcp.hub.config.ListenAddress;
import fr.interrupt.meshcp.hub.enroll.EndpointStart;
import fr.interrupt.meshcp.hub.enroll.EnrollmentServer;
import fr.interrupt.meshcp.hub.mcp.HubHandle;
import fr.interrupt.meshcp.hub.mcp.McpStdioServer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the MCP server for Claude Code over stdio until stdin closes: JSON-RPC only on stdout, logs on stderr.",
            "Also runs the enrollment endpoint when its port is free, so machines can enroll while Claude Code is open.",
            "Register it with: claude mcp add meshcp -- orchestrator-headless serve --data-dir DIR"})
final class ServeCommand implements Callable<Integer> {
    /** When certificate upkeep first runs after the hub opened (then every 30 s); renewals are due days ahead. */
    static final Duration FIRST_UPKEEP_DELAY = Duration.ofSeconds(10);

    @ParentCommand
    OrchestratorCommand root;

    @Option(names = "--listen", defaultValue = "0.0.0.0:7443", paramLabel = "HOST:PORT",
            description = "Enrollment endpoint address. Default: ${DEFAULT-VALUE}.")
    String listen;

    @Option(names = "--no-enrollment", description = "Do not run the enrollment endpoint.")
    boolean noEnrollment;

    @Override
    public Integer call() throws InterruptedException {
        // stdout is the JSON-RPC channel: keep the real one for the transport and send anything
        // else that prints to System.out (a library, a stray println) to stderr instead.
        PrintStream err = System.err;
        OutputStream rpcOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(err);
        FileInputStream rpcIn = new FileInputStream(FileDescriptor.in);
        System.setIn(new ByteArrayInputStream(new byte[0]));

        InetSocketAddress enrollmentAddress = noEnrollment ? null : ListenAddress.parse(listen);
        HubHandle hub = HubHandle.openInBackground(() -> root.openHub("mcp"));
        McpStdioServer server = McpStdioServer.start(rpcIn, rpcOut, hub);
        err.println("meshcp MCP server on stdio, data dir " + root.dataDir() + " (started in " + sinceLaunch() + " ms)");

        AtomicReference<EnrollmentServer> enrollment = new AtomicReference<>();
        AtomicBoolean inputEnded = new AtomicBoolean();
        hub.future().whenComplete((opened, failure) -> {
            if (failure != null) {
                err.println("error: " + failure.getMessage() + " (every tool call will report it)");
            } else {
                // the first upkeep dials every machine (TLS to each): not while the client's first requests are answered
                CompletableFuture.delayedExecutor(FIRST_UPKEEP_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> {
                            if (!inputEnded.get()) {
                                opened.certificates().startMaintenance(CertificateLifecycle.MAINTENANCE_INTERVAL);
                            }
                        });
                if (enrollmentAddress != null) {
                    enrollment.set(startEnrollment(opened, enrollmentAddress, err));
                }
            }
        });
        Thread shutdown = new Thread(() -> stop(server, enrollment), "meshcp-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);

        server.awaitInputEnd();
        inputEnded.set(true);
        err.println("meshcp MCP server: stdin closed, shutting down");
        stop(server, enrollment);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs stop() again, which does nothing the second time
        }
        return 0;
    }

    private static EnrollmentServer startEnrollment(Hub hub, InetSocketAddress address, PrintStream err) {
        EndpointStart start = hub.enrollmentEndpoint().start(address);
        if (start instanceof EndpointStart.Serving serving) {
            err.println("meshcp enrollment endpoint listening on https://" + ListenAddress.display(serving.server().address()));
            return serving.server();
        }
        err.println("meshcp enrollment endpoint not started: " + EndpointText.notStarted(start));
        return null;
    }

    private static void stop(McpStdioServer server, AtomicReference<EnrollmentServer> enrollment) {
        EnrollmentServer running = enrollment.getAndSet(null);
        if (running != null) {
            running.close();
        }
        server.close();
    }

    private static long sinceLaunch() {
        return ProcessHandle.current().info().startInstant()
                .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
    }
}
