package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.DockerConfig;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.agent.config.SystemConfig;
import fr.interrupt.meshcp.agent.files.FileOpener;
import fr.interrupt.meshcp.proto.agent.v1.FileChunk;
import fr.interrupt.meshcp.proto.agent.v1.PingRequest;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatusRequest;
import fr.interrupt.meshcp.testsupport.NeverEndingReads;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read that never ends (issue 13, item 3): a regular file whose reads block, as {@code /proc/kmsg} does, stands in
 * for one through the agent's {@link FileOpener} seam (FIFOs and devices are refused before they are opened, see
 * FilesTest). More such reads than the agent has call threads hold only the file pool; ping, status and exec are still
 * answered; a caller's cancel or deadline ends the blocked read and frees its thread. Real agent over mTLS.
 */
class NeverEndingReadTest {
    /** More than the agent's file pool (8) and more than its former shared pool (16). */
    private static final int READS = 20;

    @TempDir
    static Path root;
    static final NeverEndingReads kmsg = new NeverEndingReads();
    static AgentFixture agent;
    static Path blocking;
    static Path hello;

    @BeforeAll
    static void start() throws Exception {
        root = root.toRealPath();
        blocking = Files.writeString(root.resolve("kmsg"), "");
        hello = Files.writeString(root.resolve("hello.txt"), "hello\n");
        Files.createDirectories(root.resolve("creds"));
        FileOpener opener = (dir, name, real) -> real.getFileName().toString().equals("kmsg") ? kmsg.open()
                : FileOpener.DIRECT.open(dir, name, real);
        agent = new AgentFixture(root.resolve("creds"), new Capabilities(ShellConfig.DEFAULT,
                new FilesConfig(true, 50, List.of(root)), SystemConfig.DEFAULT, DockerConfig.DEFAULT), opener);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void everyBlockedReadEnded() {
        await().atMost(Duration.ofSeconds(10)).until(() -> kmsg.blocked() == 0);
    }

    @Test
    void neverEndingReadsBeyondTheFilePoolLeavePingStatusAndExecAnswering() throws Exception {
        Context.CancellableContext readers = Context.current().withCancellation();
        AtomicInteger ended = new AtomicInteger();
        readers.run(() -> {
            for (int i = 0; i < READS; i++) {
                agent.async().readFile(request(blocking), new Counting(ended));
            }
        });
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> kmsg.blocked() == 8);

            long start = System.nanoTime();
            assertThat(agent.blocking().withDeadlineAfter(3, TimeUnit.SECONDS).ping(PingRequest.getDefaultInstance())
                    .getMachineName()).isEqualTo(AgentFixture.MACHINE);
            assertThat(agent.blocking().withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getSystemStatus(SystemStatusRequest.getDefaultInstance()).getMachineName()).isEqualTo(AgentFixture.MACHINE);
            ExecRun run = ExecRun.of(agent.blocking().withDeadlineAfter(10, TimeUnit.SECONDS), "echo still-here");
            assertThat(new String(run.stdout(), StandardCharsets.UTF_8)).isEqualTo("still-here\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(kmsg.blocked()).as("reads held by the file pool, no more").isEqualTo(8);
        } finally {
            readers.cancel(null);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == READS);
        await().atMost(Duration.ofSeconds(10)).until(() -> kmsg.blocked() == 0);
        assertThat(read(hello)).isEqualTo("hello\n");
    }

    @Test
    void aReadPastItsDeadlineEndsAndItsThreadServesTheNextReads() throws Exception {
        List<Thread> callers = new ArrayList<>();
        List<Status.Code> codes = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(READS / 2);
        for (int i = 0; i < READS / 2; i++) {
            Thread t = new Thread(() -> {
                try {
                    Iterator<FileChunk> chunks = agent.blocking().withDeadlineAfter(1500, TimeUnit.MILLISECONDS).readFile(request(blocking));
                    chunks.forEachRemaining(c -> { });
                } catch (StatusRuntimeException e) {
                    codes.add(e.getStatus().getCode());
                } finally {
                    done.countDown();
                }
            });
            callers.add(t);
            t.start();
        }

        assertThat(done.await(15, TimeUnit.SECONDS)).isTrue();
        assertThat(codes).hasSize(READS / 2).containsOnly(Status.Code.DEADLINE_EXCEEDED);
        await().atMost(Duration.ofSeconds(5)).until(() -> kmsg.blocked() == 0);
        for (int i = 0; i < 10; i++) {
            assertThat(read(hello)).isEqualTo("hello\n");
        }
    }

    @Test
    void aFifoIsStillRefusedAsNotARegularFile() throws Exception {
        Path fifo = root.resolve("pipe");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> read(fifo)).isInstanceOf(StatusRuntimeException.class)
                .hasMessageContaining("it is a FIFO, not a regular file");
    }

    private static ReadFileRequest request(Path path) {
        return ReadFileRequest.newBuilder().setPath(path.toString()).build();
    }

    private static String read(Path path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.blocking().withDeadlineAfter(5, TimeUnit.SECONDS).readFile(request(path))
                .forEachRemaining(c -> out.writeBytes(c.getData().toByteArray()));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Counts the calls that ended, however they ended. */
    private record Counting(AtomicInteger ended) implements StreamObserver<FileChunk> {
        @Override
        public void onNext(FileChunk value) {
        }

        @Override
        public void onError(Throwable t) {
            ended.incrementAndGet();
        }

        @Override
        public void onCompleted() {
            ended.incrementAndGet();
        }
    }
}
