package fr.interrupt.meshcp.hub.support;

import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal real agent endpoint: mTLS gRPC with the given key and certificate, requiring a client
 * certificate from {@code trustedCa}, answering only Ping. A test double for an agent (honest or hostile),
 * never a mock of the hub.
 */
public final class TestAgentServer implements AutoCloseable {
    private final Server server;
    private final AtomicInteger pings;
    private final AtomicReference<X509Certificate> client;

    private TestAgentServer(Server server, AtomicInteger pings, AtomicReference<X509Certificate> client) {
        this.server = server;
        this.pings = pings;
        this.client = client;
    }

    public static TestAgentServer start(int port, PrivateKey key, X509Certificate certificate, X509Certificate trustedCa)
            throws IOException {
        AtomicInteger pings = new AtomicInteger();
        AtomicReference<X509Certificate> client = new AtomicReference<>();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forServer(key, certificate), SslProvider.JDK)
                        .trustManager(new CaTrustManager(trustedCa, client::set))
                        .clientAuth(ClientAuth.REQUIRE)
                        .build())
                .addService(new AgentServiceGrpc.AgentServiceImplBase() {
                    @Override
                    public void ping(PingRequest request, StreamObserver<PingResponse> response) {
                        pings.incrementAndGet();
                        response.onNext(PingResponse.newBuilder().setAgentVersion("9.9.9-test").setUptimeSeconds(42).build());
                        response.onCompleted();
                    }
                })
                .build()
                .start();
        return new TestAgentServer(server, pings, client);
    }

    public int port() {
        return server.getPort();
    }

    /** How many Ping calls reached the handler. */
    public int pings() {
        return pings.get();
    }

    /** The client certificate the last caller presented in the handshake, if any got that far. */
    public X509Certificate clientCertificate() {
        return client.get();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
