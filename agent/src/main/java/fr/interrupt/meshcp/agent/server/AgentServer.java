package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.DaemonThreads;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.creds.CaTrust;
import fr.interrupt.meshcp.agent.creds.HubDenyList;
import fr.interrupt.meshcp.agent.creds.LiveCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The mTLS gRPC server: owns its lifecycle (start, stop with a grace period, await). */
public final class AgentServer {
    private static final int THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());

    private final Server server;
    private final ThreadPoolExecutor executor;
    private final CallPools pools;

    private AgentServer(Server server, ThreadPoolExecutor executor, CallPools pools) {
        this.server = server;
        this.executor = executor;
        this.pools = pools;
    }

    /** Binds listen and serves service to the orchestrator only, over mutual TLS. */
    public static AgentServer start(ListenAddress listen, AgentCredentials credentials, ServerServiceDefinition service) throws IOException {
        NettyServerBuilder tls = NettyServerBuilder.forAddress(new InetSocketAddress(listen.bindHost(), listen.port()))
                .sslContext(ServerTls.context(credentials))
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .maxConcurrentCallsPerConnection(256)
                .maxInboundMessageSize(8 * 1024 * 1024)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        return start(tls, ServerInterceptors.intercept(service, new OrchestratorOnlyInterceptor()));
    }

    /**
     * Binds listen and serves service and certificates to the orchestrator only, over mutual TLS whose identity
     * follows live (renewals take effect on the next handshake) and which refuses the hub's denied certificates at the
     * handshake and on every call.
     */
    public static AgentServer start(ListenAddress listen, LiveCredentials live, CaTrust trust, HubDenyList denied,
            ServerServiceDefinition service, ServerServiceDefinition certificates) throws IOException {
        NettyServerBuilder tls = NettyServerBuilder.forAddress(new InetSocketAddress(listen.bindHost(), listen.port()))
                .sslContext(ServerTls.context(live, trust, denied))
                .handshakeTimeout(10, TimeUnit.SECONDS)
                .maxConcurrentCallsPerConnection(256)
                .maxInboundMessageSize(8 * 1024 * 1024)
                .permitKeepAliveTime(20, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true);
        OrchestratorOnlyInterceptor orchestratorOnly = new OrchestratorOnlyInterceptor();
        DeniedHubInterceptor notDenied = new DeniedHubInterceptor(denied);
        // intercept() runs the last interceptor given first: the role check, then the deny list
        tls.addService(ServerInterceptors.intercept(certificates, notDenied, orchestratorOnly));
        return start(tls, ServerInterceptors.intercept(service, notDenied, orchestratorOnly));
    }

    /**
     * Serves service on the transport transport was made for, with the agent's call executor. Securing the
     * transport is the caller's business: production goes through {@link #start(ListenAddress, AgentCredentials,
     * ServerServiceDefinition)}; tests pass an in-process builder, which never leaves the JVM. Each kind of call runs
     * on its own bounded pool ({@link CallPools}); anything else on the default executor.
     */
    public static AgentServer start(ServerBuilder<?> transport, ServerServiceDefinition service) throws IOException {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                new DaemonThreads("grpc-call"));
        executor.allowCoreThreadTimeOut(true);
        CallPools pools = new CallPools();
        Server server = transport.executor(executor).callExecutor(pools).addService(service).build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            executor.shutdownNow();
            pools.shutdownNow();
            throw e;
        }
        return new AgentServer(server, executor, pools);
    }

    /** The TCP port it listens on (only for a server started on a socket). */
    public int port() {
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Stops accepting calls, lets running ones finish within grace, then cuts the rest. */
    public void stop(Duration grace) {
        server.shutdown();
        try {
            if (!server.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        pools.shutdownNow();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }
}
