package fr.interrupt.meshcp.hub.certs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import fr.interrupt.meshcp.hub.pki.Credential;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.proto.agent.v1.AgentCertificatesGrpc;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.CertificateStateRequest;
import fr.interrupt.meshcp.proto.agent.v1.DenyList;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.shared.tls.CaTrustManager;
import fr.interrupt.meshcp.shared.tls.DenyListSignature;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import fr.interrupt.meshcp.shared.tls.Pem;
import fr.interrupt.meshcp.testsupport.Ports;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revoked hub client certificate is refused by agents: at once when they answer, within the upkeep interval otherwise. */
class HubRevocationTest {
    @TempDir
    Path dir;
    @TempDir
    Path creds;
    TestHub hub;
    TlsAgent agent;
    int port;
    final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        hub = TestHub.open(dir);
        port = Ports.freePort();
        agent = TlsAgent.enroll(hub, "web-1", port, creds);
    }

    @AfterEach
    void stop() {
        channels.forEach(ManagedChannel::shutdownNow);
        agent.close();
        hub.close();
    }

    @Test
    void aRevokedHubCertificateIsRefusedOnTheNextCallEvenOnAnOpenConnection() throws Exception {
        Credential stolen = hubCredentialOnDisk();
        var open = AgentServiceGrpc.newBlockingStub(channel(stolen));
        open.ping(PingRequest.getDefaultInstance());

        HubRevocation revocation = hub.hub().certificates().revokeHub();

        assertThat(revocation.revokedSerial()).isEqualTo(stolen.certificate().getSerialNumber().toString(16));
        assertThat(revocation.machines()).singleElement().satisfies(each -> assertThat(each.value()).isEqualTo(1L));
        StatusRuntimeException onOpen = catchThrowableOfType(StatusRuntimeException.class,
                () -> open.withDeadlineAfter(5, TimeUnit.SECONDS).ping(PingRequest.getDefaultInstance()));
        assertThat(onOpen.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(onOpen.getStatus().getDescription()).contains("revoked");
        assertThat(refused(stolen)).as("a new connection with it is refused too").isTrue();
        assertThat(hub.hub().machines().ping("web-1").agentVersion()).as("the hub's new certificate works").isNotEmpty();
        assertThat(hub.hub().certificates().status().revokedHubSerials()).containsExactly(revocation.revokedSerial());
    }

    @Test
    void anAgentOfflineAtTheRevocationRefusesTheCertificateWithinTheUpkeepInterval() throws Exception {
        Credential stolen = hubCredentialOnDisk();
        agent.stop();
        HubRevocation revocation = hub.hub().certificates().revokeHub();
        assertThat(revocation.machines()).singleElement().satisfies(each -> assertThat(each.ok()).isFalse());
        agent.start();
        assertThat(refused(stolen)).as("the agent has not heard of it yet").isFalse();

        long started = System.nanoTime();
        hub.hub().certificates().startMaintenance(Duration.ofMillis(200));

        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> refused(stolen));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(CertificateLifecycle.MAINTENANCE_INTERVAL);
    }

    @Test
    void theAgentKeepsTheDenyListAcrossARestart() throws Exception {
        Credential stolen = hubCredentialOnDisk();
        hub.hub().certificates().revokeHub();

        agent.stop();
        agent.start();

        assertThat(refused(stolen)).isTrue();
    }

    @Test
    void theAgentTakesOnlyListsSignedByItsCaAndNeverAnOlderOne() throws Exception {
        hub.hub().certificates().revokeHub();
        var certificates = AgentCertificatesGrpc.newBlockingStub(channel(hubCredentialOnDisk()))
                .withDeadlineAfter(5, TimeUnit.SECONDS);
        DenyList empty = DenyList.newBuilder().setVersion(99).build();

        StatusRuntimeException forged = catchThrowableOfType(StatusRuntimeException.class,
                () -> certificates.pushDenyList(DenyListSignature.sign(empty, KeyPairs.generateP256().getPrivate())));
        StatusRuntimeException older = catchThrowableOfType(StatusRuntimeException.class,
                () -> certificates.pushDenyList(hub.ca().sign(DenyList.newBuilder().setVersion(0).build())));

        assertThat(forged.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(forged.getStatus().getDescription()).contains("not signed by this CA");
        assertThat(older.getStatus().getDescription()).contains("older");
        assertThat(certificates.getCertificateState(CertificateStateRequest.getDefaultInstance()).getDenyListVersion()).isEqualTo(1);
    }

    private Credential hubCredentialOnDisk() throws Exception {
        return new Credential(Pem.readPrivateKey(hub.paths().hubDir().resolve("orchestrator.key")),
                Pem.readCertificate(hub.paths().hubDir().resolve("orchestrator.crt")), hub.ca().certificate());
    }

    /** Whether a new connection presenting credential gets its ping refused. */
    private boolean refused(Credential credential) throws Exception {
        ManagedChannel fresh = channel(credential);
        try {
            AgentServiceGrpc.newBlockingStub(fresh).withDeadlineAfter(5, TimeUnit.SECONDS).ping(PingRequest.getDefaultInstance());
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() != Status.Code.DEADLINE_EXCEEDED;
        } finally {
            fresh.shutdownNow();
        }
    }

    private ManagedChannel channel(Credential credential) throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port)
                .overrideAuthority("web-1")
                .sslContext(GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                        .keyManager(credential.keyManagerFactory())
                        .trustManager(new CaTrustManager(credential.ca(), leaf -> { }))
                        .build())
                .build();
        channels.add(channel);
        return channel;
    }
}
