package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.DockerConfig;
import fr.interrupt.meshcp.proto.agent.v1.Container;
import fr.interrupt.meshcp.proto.agent.v1.ContainerLogChunk;
import fr.interrupt.meshcp.proto.agent.v1.ContainerLogsRequest;
import fr.interrupt.meshcp.proto.agent.v1.InspectContainerRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListContainersRequest;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerTest {
    @TempDir
    Path temp;

    private AgentFixture agent;
    private FakeDockerEngine engine;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    private void startWithEngine() throws Exception {
        Path socket = temp.resolve("docker.sock");
        engine = new FakeDockerEngine(socket);
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withDocker(new DockerConfig(true, socket)));
    }

    @Test
    void listsContainers() throws Exception {
        startWithEngine();

        List<Container> containers = agent.blocking().listContainers(ListContainersRequest.newBuilder().setAll(true).build()).getContainersList();

        assertThat(engine.requests).containsExactly("/containers/json?all=1");
        assertThat(containers).hasSize(2);
        Container web = containers.get(0);
        assertThat(web.getId()).isEqualTo("4f2a9c");
        assertThat(web.getNamesList()).containsExactly("web");
        assertThat(web.getImage()).isEqualTo("nginx:1.27");
        assertThat(web.getState()).isEqualTo("running");
        assertThat(web.getStatus()).isEqualTo("Up 3 hours");
        assertThat(web.getCreatedSeconds()).isEqualTo(1700000000L);
        assertThat(containers.get(1).getNamesList()).containsExactly("db", "db-alias");
    }

    @Test
    void inspectReturnsTheEnginesDocument() throws Exception {
        startWithEngine();

        String json = agent.blocking().inspectContainer(InspectContainerRequest.newBuilder().setId("web").build()).getJson();

        assertThat(json).isEqualTo(FakeDockerEngine.INSPECT_WEB);
    }

    @Test
    void logsAreDemultiplexedIntoStdoutAndStderr() throws Exception {
        startWithEngine();

        List<ContainerLogChunk> chunks = logs("web", 0);

        assertThat(text(chunks, OutputStream.STDOUT)).isEqualTo("hello\n" + "x".repeat(100_000));
        assertThat(text(chunks, OutputStream.STDERR)).isEqualTo("oops\n");
        assertThat(engine.requests).containsExactly("/containers/web/json", "/containers/web/logs?stdout=1&stderr=1&tail=100");
    }

    @Test
    void logsOfATtyContainerAreOneRawStream() throws Exception {
        startWithEngine();

        List<ContainerLogChunk> chunks = logs("tty", 5);

        assertThat(text(chunks, OutputStream.STDOUT)).isEqualTo("tty line 1\r\ntty line 2\r\n");
        assertThat(engine.requests).contains("/containers/tty/logs?stdout=1&stderr=1&tail=5");
    }

    @Test
    void aMissingContainerIsNotFound() throws Exception {
        startWithEngine();

        assertRefused(() -> agent.blocking().inspectContainer(InspectContainerRequest.newBuilder().setId("missing").build()),
                Status.Code.NOT_FOUND, "no such container: missing");
        assertRefused(() -> logs("missing", 0), Status.Code.NOT_FOUND, "no such container: missing");
    }

    @Test
    void idsThatCouldReachAnotherUrlAreRefusedBeforeAnyRequest() throws Exception {
        startWithEngine();

        for (String id : List.of("../../info", "web/../../info", "web?x=1", "-web", "", "a".repeat(129), "web%2F..", "web json")) {
            assertRefused(() -> agent.blocking().inspectContainer(InspectContainerRequest.newBuilder().setId(id).build()),
                    Status.Code.INVALID_ARGUMENT, "invalid container id or name: use letters, digits, '_', '.' and '-' (up to 128), starting with a letter or digit");
            assertRefused(() -> logs(id, 0), Status.Code.INVALID_ARGUMENT, null);
        }
        assertThat(engine.requests).isEmpty();
    }

    @Test
    void dockerIsOffByDefault() throws Exception {
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT);

        assertRefused(() -> agent.blocking().listContainers(ListContainersRequest.getDefaultInstance()), Status.Code.FAILED_PRECONDITION,
                "docker is disabled on this machine (capabilities.docker.enabled in agent.yaml)");
        assertRefused(() -> logs("web", 0), Status.Code.FAILED_PRECONDITION, null);
    }

    @Test
    void anUnreachableDaemonIsUnavailable() throws Exception {
        Path socket = temp.resolve("no-daemon.sock");
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withDocker(new DockerConfig(true, socket)));

        assertThatThrownBy(() -> agent.blocking().listContainers(ListContainersRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).startsWith("cannot reach docker at " + socket);
                });
    }

    private List<ContainerLogChunk> logs(String id, int tail) {
        List<ContainerLogChunk> chunks = new java.util.ArrayList<>();
        agent.blocking().containerLogs(ContainerLogsRequest.newBuilder().setId(id).setTail(tail).build()).forEachRemaining(chunks::add);
        return chunks;
    }

    private static String text(List<ContainerLogChunk> chunks, OutputStream stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.stream().filter(c -> c.getStream() == stream).forEach(c -> out.writeBytes(c.getData().toByteArray()));
        return out.toString(StandardCharsets.UTF_8);
    }

    @FunctionalInterface
    interface Call {
        Object run() throws Exception;
    }

    private static void assertRefused(Call call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            if (description != null) {
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
            }
        });
    }
}
