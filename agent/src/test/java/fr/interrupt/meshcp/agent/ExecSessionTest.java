package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecInput;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.ExecStart;
import fr.interrupt.meshcp.proto.agent.v1.Terminal;
import fr.interrupt.meshcp.proto.agent.v1.TerminalSize;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ExecSession RPC over real mTLS: stdin piped with end of file, a real pseudo-terminal, resizes, kills, refusals. */
class ExecSessionTest {
    @TempDir
    static Path temp;
    private static AgentFixture open;
    private static AgentFixture locked;

    @BeforeAll
    static void start() throws Exception {
        open = new AgentFixture(temp.resolve("open"), Capabilities.DEFAULT);
        locked = new AgentFixture(temp.resolve("locked"),
                Capabilities.DEFAULT.withShell(new ShellConfig(true, 60, List.of("tty", "cat"), 10, 4)));
    }

    @AfterAll
    static void stop() {
        if (open != null) {
            open.close();
        }
        if (locked != null) {
            locked.close();
        }
    }

    @Test
    void stdinIsStreamedAndItsEndClosesTheCommandsStdin() throws Exception {
        Session s = Session.open(open, start("wc -c", null));
        for (int i = 0; i < 3; i++) {
            s.send(ExecInput.newBuilder().setStdin(ByteString.copyFrom(new byte[40_000])).build());
        }
        s.requests.onCompleted();
        assertThat(s.result().getExitCode()).isZero();
        assertThat(s.output().trim()).isEqualTo("120000");
    }

    @Test
    void aTerminalHasTheAskedSizeAndKeepsTheExitCode() throws Exception {
        Session s = Session.open(open, start("tty; stty size; echo $TERM; exit 5", terminal(33, 77)));
        ExecResult result = s.result();
        assertThat(result.getExitCode()).isEqualTo(5);
        assertThat(s.output()).contains("/dev/pts/").contains("33 77").contains("xterm-256color");
    }

    @Test
    void aResizeReachesTheTerminal() throws Exception {
        Session s = Session.open(open, start("stty size; read x; stty size", terminal(24, 80)));
        await().atMost(Duration.ofSeconds(10)).until(() -> s.output().contains("24 80"));
        s.send(ExecInput.newBuilder().setResize(TerminalSize.newBuilder().setRows(50).setColumns(120)).build());
        s.send(ExecInput.newBuilder().setStdin(ByteString.copyFromUtf8("\r")).build());
        assertThat(s.result().getExitCode()).isZero();
        assertThat(s.output()).contains("50 120");
    }

    @Test
    void aTimeoutKillsATerminalCommand() throws Exception {
        ExecStart start = ExecStart.newBuilder().setExec(ExecRequest.newBuilder().setCommand("sleep 30").setTimeoutSeconds(1))
                .setStdin(true).setTerminal(terminal(24, 80)).build();
        Session s = Session.open(open, start);
        ExecResult result = s.result();
        assertThat(result.getTimedOut()).isTrue();
        assertThat(result.getDurationMillis()).isLessThan(10_000);
    }

    @Test
    void allowedCommandsRefuseALoginShellAndRunAnAllowedCommandWithoutAShell() throws Exception {
        Session shell = Session.open(locked, start("", terminal(24, 80)));
        Status refused = shell.failure();
        assertThat(refused.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(refused.getDescription()).isEqualTo("a login shell is not in allowed_commands (allowed: tty, cat)");

        Session allowed = Session.open(locked, start("tty", terminal(24, 80)));
        assertThat(allowed.result().getExitCode()).isZero();
        assertThat(allowed.output()).contains("/dev/pts/");

        Session piped = Session.open(locked, start("sh -c 'cat'", null));
        assertThat(piped.failure().getDescription()).contains("command sh is not in allowed_commands");
    }

    @Test
    void stdinBeforeTheStartIsRefused() throws Exception {
        Session s = Session.open(open, ExecInput.newBuilder().setStdin(ByteString.copyFromUtf8("x")).build());
        assertThat(s.failure().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.failure().getDescription()).startsWith("the first message must start the session");
    }

    private static ExecInput start(String command, Terminal terminal) {
        ExecStart.Builder start = ExecStart.newBuilder().setExec(ExecRequest.newBuilder().setCommand(command).setTimeoutSeconds(30))
                .setStdin(true);
        if (terminal != null) {
            start.setTerminal(terminal);
        }
        return ExecInput.newBuilder().setStart(start).build();
    }

    private static Terminal terminal(int rows, int columns) {
        return Terminal.newBuilder().setTerm("xterm-256color").setSize(TerminalSize.newBuilder().setRows(rows).setColumns(columns)).build();
    }

    /** One ExecSession call: output collected, the result or the failure awaited. */
    private static final class Session implements StreamObserver<ExecEvent> {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<ExecResult> done = new CompletableFuture<>();
        private StreamObserver<ExecInput> requests;

        static Session open(AgentFixture agent, ExecStart start) {
            return open(agent, ExecInput.newBuilder().setStart(start).build());
        }

        static Session open(AgentFixture agent, ExecInput first) {
            Session s = new Session();
            s.requests = agent.async().withDeadlineAfter(60, TimeUnit.SECONDS).execSession(s);
            s.send(first);
            return s;
        }

        synchronized void send(ExecInput message) {
            requests.onNext(message);
        }

        String output() {
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }

        ExecResult result() throws Exception {
            return done.get(30, TimeUnit.SECONDS);
        }

        Status failure() {
            return Status.fromThrowable(done.handle((r, t) -> t).join());
        }

        @Override
        public void onNext(ExecEvent event) {
            if (event.hasOutput()) {
                synchronized (out) {
                    out.writeBytes(event.getOutput().getData().toByteArray());
                }
            } else if (event.hasResult()) {
                done.complete(event.getResult());
            }
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
            done.completeExceptionally(new AssertionError("completed without a result"));
        }
    }
}
