package fr.interrupt.meshcp.hub.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.PingResponse;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A channel that fails to connect is released after a poll, so it stops redialling; a working one is kept. */
class AgentChannelsReleaseTest {
    private final String prefix = UUID.randomUUID().toString();
    private final List<ManagedChannel> opened = new ArrayList<>();
    private final AgentChannels channels = new AgentChannels(machine -> {
        ManagedChannel channel = InProcessChannelBuilder.forName(prefix + machine.name()).build();
        opened.add(channel);
        return channel;
    });
    private Server server;

    @AfterEach
    void close() {
        channels.close();
        if (server != null) {
            server.shutdownNow();
        }
    }

    private static Machine machine(String name) {
        return new Machine(name, "in-process", 0, "01", "00", name, "Linux", "amd64", "0.1.0", Instant.EPOCH, null);
    }

    @Test
    void aChannelThatCannotConnectIsClosedAndTheNextCallOpensANewOne() {
        Machine offline = machine("offline");
        ManagedChannel first = channels.channel(offline);
        assertThatThrownBy(() -> channels.blocking(offline).ping(PingRequest.getDefaultInstance()));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.getState(false) == ConnectivityState.TRANSIENT_FAILURE);

        channels.releaseIfFailing("offline");

        assertThat(first.isShutdown()).isTrue();
        assertThat(channels.channel(offline)).isNotSameAs(first);
    }

    @Test
    void aConnectedChannelIsKept() throws Exception {
        server = InProcessServerBuilder.forName(prefix + "online").addService(new AgentServiceGrpc.AgentServiceImplBase() {
            @Override
            public void ping(PingRequest request, StreamObserver<PingResponse> response) {
                response.onNext(PingResponse.getDefaultInstance());
                response.onCompleted();
            }
        }).build().start();
        Machine online = machine("online");
        channels.blocking(online).ping(PingRequest.getDefaultInstance());

        channels.releaseIfFailing("online");

        assertThat(channels.channel(online)).isSameAs(opened.get(0));
        assertThat(opened).hasSize(1);
    }
}
