package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ListenAddress;
import fr.interrupt.meshcp.agent.creds.AgentCredentials;
import fr.interrupt.meshcp.agent.files.FileOpener;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.CertificateRoles;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the real agent (composition root, gRPC server, mTLS) on 127.0.0.1:0 with certificates from a TestPki,
 * and gives stubs that call it as the orchestrator (or with any other certificate).
 */
public final class AgentFixture implements AutoCloseable {
    public static final String MACHINE = "test-agent";

    private final TestPki pki = TestPki.create("meshcp test CA");
    private final AgentRuntime runtime;
    private final AtomicInteger callsThatReachedTheService = new AtomicInteger();
    private final List<ManagedChannel> channels = new ArrayList<>();
    private ManagedChannel orchestratorChannel;

    public AgentFixture(Path credsDir, Capabilities capabilities) throws Exception {
        this(credsDir, capabilities, Clock.systemUTC());
    }

    /** An agent whose clock (job times, finished-job expiry) is clock. */
    public AgentFixture(Path credsDir, Capabilities capabilities, Clock clock) throws Exception {
        this(credsDir, capabilities, clock, FileOpener.DIRECT);
    }

    /** An agent whose reads open checked files with opener (a file whose reads never end). */
    public AgentFixture(Path credsDir, Capabilities capabilities, FileOpener opener) throws Exception {
        this(credsDir, capabilities, Clock.systemUTC(), opener);
    }

    private AgentFixture(Path credsDir, Capabilities capabilities, Clock clock, FileOpener opener) throws Exception {
        TestPki.Issued agent = pki.agent(MACHINE);
        AgentConfig config = new AgentConfig(MACHINE, new ListenAddress("127.0.0.1", 0), credsDir, capabilities);
        ServerInterceptor counter = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                callsThatReachedTheService.incrementAndGet();
                return next.startCall(call, headers);
            }
        };
        runtime = AgentRuntime.start(config, new AgentCredentials(agent.key(), agent.certificate(), pki.ca()), HostFacts.detect(),
                clock, List.of(counter), opener);
    }

    public TestPki pki() {
        return pki;
    }

    public int port() {
        return runtime.port();
    }

    public int callsThatReachedTheService() {
        return callsThatReachedTheService.get();
    }

    public AgentServiceGrpc.AgentServiceBlockingStub blocking() {
        return AgentServiceGrpc.newBlockingStub(orchestrator()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    public AgentServiceGrpc.AgentServiceStub async() {
        return AgentServiceGrpc.newStub(orchestrator());
    }

    /**
     * Streams {@code parts} to WriteFile as the orchestrator, stopping early once the agent has answered (a refusal
     * of the header), and returns its answer (30 s at most).
     *
     * @throws io.grpc.StatusRuntimeException the agent's refusal
     */
    public WriteFileResponse writeFile(List<WriteFileRequest> parts)
            throws Exception {
        CompletableFuture<WriteFileResponse> done = new CompletableFuture<>();
        StreamObserver<WriteFileRequest> requests = async().writeFile(new StreamObserver<>() {
            private WriteFileResponse response;

            @Override
            public void onNext(WriteFileResponse value) {
                response = value;
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                done.complete(response);
            }
        });
        for (WriteFileRequest part : parts) {
            if (done.isDone()) {
                break;
            }
            requests.onNext(part);
        }
        requests.onCompleted();
        try {
            return done.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private synchronized ManagedChannel orchestrator() {
        if (orchestratorChannel == null) {
            orchestratorChannel = channel(pki.orchestrator());
        }
        return orchestratorChannel;
    }

    /** A channel presenting client's certificate, trusting this agent the way the hub does (its CA, its name). */
    public ManagedChannel channel(TestPki.Issued client) {
        ManagedChannel channel = channel(pki, port(), MACHINE, client);
        channels.add(channel);
        return channel;
    }

    /** A channel to an agent named machine on 127.0.0.1:port, presenting client's certificate and trusting pki's CA. */
    public static ManagedChannel channel(TestPki pki, int port, String machine, TestPki.Issued client) {
        try {
            SslContext ssl = GrpcSslContexts.configure(io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(client.key(), client.certificate())
                    .trustManager(new CaTrustManager(pki.ca(), leaf -> {
                        if (!CertificateRoles.isAgent(leaf, machine)) {
                            throw new CertificateException("not " + machine);
                        }
                    }))
                    .build();
            return NettyChannelBuilder.forAddress("127.0.0.1", port).sslContext(ssl).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
        runtime.close();
    }
}
