package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellExecTest {
    @TempDir
    Path temp;

    private AgentFixture agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private AgentFixture start(ShellConfig shell) throws Exception {
        return start(shell, FilesConfig.DEFAULT);
    }

    private AgentFixture start(ShellConfig shell, FilesConfig files) throws Exception {
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withShell(shell).withFiles(files));
        return agent;
    }

    private static ShellConfig shell(int maxTimeout, int maxOutputMb, int maxConcurrent) {
        return new ShellConfig(true, maxTimeout, List.of(), maxOutputMb, maxConcurrent);
    }

    @Test
    void streamsStdoutAndStderrSeparatelyThenOneResult() throws Exception {
        start(ShellConfig.DEFAULT);

        ExecRun run = ExecRun.of(agent.blocking(), "echo out; echo err >&2; exit 3");

        assertThat(run.out()).isEqualTo("out\n");
        assertThat(run.err()).isEqualTo("err\n");
        assertThat(run.results()).isEqualTo(1);
        assertThat(run.result().getExitCode()).isEqualTo(3);
        assertThat(run.result().getOutputBytes()).isEqualTo(8);
        assertThat(run.result().getTruncated()).isFalse();
        assertThat(run.result().getTimedOut()).isFalse();
        assertThat(run.result().getCancelled()).isFalse();
    }

    @Test
    void stdinIsClosed() throws Exception {
        start(ShellConfig.DEFAULT);

        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("cat; echo done").setTimeoutSeconds(10).build());

        assertThat(run.out()).isEqualTo("done\n");
        assertThat(run.result().getTimedOut()).isFalse();
    }

    @Test
    void timeoutKillsTheWholeTreeIncludingReparentedGrandchildren() throws Exception {
        start(ShellConfig.DEFAULT);
        // A direct child, a grandchild, and an orphan whose parent subshell exits at once (re-parented away from the tree).
        String command = "echo $$; sh -c 'sleep 100 & echo $!; sleep 100' & (sleep 100 & echo $!) ; sleep 100";

        long started = System.nanoTime();
        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand(command).setTimeoutSeconds(2).build());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(run.result().getTimedOut()).isTrue();
        assertThat(run.result().getExitCode()).isEqualTo(-1);
        assertThat(elapsedMillis).isBetween(1900L, 8000L);
        List<Long> pids = pids(run.out());
        assertThat(pids).hasSize(3);
        assertAllGone(pids);
    }

    @Test
    void cancellingTheCallKillsTheTree() throws Exception {
        start(ShellConfig.DEFAULT);
        CompletableFuture<String> firstOutput = new CompletableFuture<>();
        CompletableFuture<Status> end = new CompletableFuture<>();
        AtomicReference<ClientCallStreamObserver<ExecRequest>> call = new AtomicReference<>();

        agent.async().exec(ExecRequest.newBuilder().setCommand("sh -c 'sleep 100 & echo $!; sleep 100' & sleep 0.2; echo $$; wait").build(),
                new ClientResponseObserver<ExecRequest, ExecEvent>() {
                    private final StringBuilder out = new StringBuilder();

                    @Override
                    public void beforeStart(ClientCallStreamObserver<ExecRequest> requestStream) {
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(ExecEvent event) {
                        out.append(event.getOutput().getData().toStringUtf8());
                        if (out.toString().split("\n").length >= 2 && out.toString().endsWith("\n")) {
                            firstOutput.complete(out.toString());
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        end.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
        List<Long> pids = pids(firstOutput.get(10, TimeUnit.SECONDS));
        assertThat(pids).hasSize(2);
        assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive)).contains(true);

        call.get().cancel("test cancels", null);

        assertThat(end.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
        assertAllGone(pids);
    }

    @Test
    void outputBeyondTheCapIsCountedButDropped() throws Exception {
        start(shell(300, 1, 8));

        ExecRun run = ExecRun.of(agent.blocking(), "head -c 5000000 /dev/zero");

        // The live stream stops at the cap; the end sends the gap then the kept tail (1 MiB by default).
        assertThat(run.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.getFromOffset()).isEqualTo(1024 * 1024);
            assertThat(gap.getToOffset()).isEqualTo(5_000_000 - 1024 * 1024);
        });
        assertThat(run.stdout()).hasSize(2 * 1024 * 1024);
        assertThat(run.result().getTruncated()).isTrue();
        assertThat(run.result().getOutputBytes()).isEqualTo(5_000_000);
        assertThat(run.result().getExitCode()).isZero();
    }

    @Test
    void yesIsTruncatedAtTheRequestedCapAndStoppedByItsTimeout() throws Exception {
        start(shell(300, 1, 8));

        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("yes").setTimeoutSeconds(1).setMaxOutputBytes(10_000).build());

        assertThat(run.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.getFromOffset()).isEqualTo(10_000);
            assertThat(gap.getToOffset()).isEqualTo(run.result().getOutputBytes() - 1024 * 1024);
        });
        assertThat(run.stdout()).hasSize(10_000 + 1024 * 1024);
        assertThat(run.result().getTruncated()).isTrue();
        assertThat(run.result().getTimedOut()).isTrue();
        assertThat(run.result().getOutputBytes()).isGreaterThan(10_000);
    }

    @Test
    void aRequestCannotRaiseTheOutputCap() throws Exception {
        start(shell(300, 1, 8));

        ExecRun run = ExecRun.of(agent.blocking(),
                ExecRequest.newBuilder().setCommand("head -c 3000000 /dev/zero").setMaxOutputBytes(100L * 1024 * 1024).build());

        assertThat(run.gaps()).singleElement().satisfies(gap -> assertThat(gap.getFromOffset()).isEqualTo(1024 * 1024));
        assertThat(run.result().getTruncated()).isTrue();
    }

    @Test
    void aRequestCannotRaiseTheTimeout() throws Exception {
        start(shell(1, 16, 8));

        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("sleep 30").setTimeoutSeconds(100).build());

        assertThat(run.result().getTimedOut()).isTrue();
        assertThat(run.result().getDurationMillis()).isLessThan(5000);
    }

    @Test
    void aSlowClientSlowsTheCommandDownInsteadOfFillingTheAgentsMemory() throws Exception {
        start(shell(300, 1024, 8));
        CountDownLatch resultSeen = new CountDownLatch(1);
        AtomicReference<ExecResult> result = new AtomicReference<>();
        AtomicReference<ClientCallStreamObserver<ExecRequest>> call = new AtomicReference<>();

        agent.async().exec(ExecRequest.newBuilder().setCommand("yes").setTimeoutSeconds(2).build(),
                new ClientResponseObserver<ExecRequest, ExecEvent>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<ExecRequest> requestStream) {
                        requestStream.disableAutoRequestWithInitial(1);
                        call.set(requestStream);
                    }

                    @Override
                    public void onNext(ExecEvent event) {
                        if (event.hasResult()) {
                            result.set(event.getResult());
                            resultSeen.countDown();
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        resultSeen.countDown();
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        Thread.sleep(3000);
        call.get().request(Integer.MAX_VALUE);

        assertThat(resultSeen.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(result.get().getTimedOut()).isTrue();
        // Unthrottled, yes writes gigabytes in 2 s; throttled, only what fits in the transport's windows and buffers.
        assertThat(result.get().getOutputBytes()).isLessThan(8L * 1024 * 1024);
        assertThat(result.get().getTruncated()).isFalse();
    }

    @Test
    void concurrentCommandsAreCapped() throws Exception {
        start(shell(300, 16, 2));
        CompletableFuture<Void> bothStarted = CompletableFuture.allOf(startSleeper(), startSleeper());
        bothStarted.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> ExecRun.of(agent.blocking(), "true"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("too many commands running (max 2)");
                });
    }

    @Test
    void aCommandThatEndsFreesItsSlot() throws Exception {
        start(shell(1, 16, 1));

        ExecRun timedOut = ExecRun.of(agent.blocking(), "sleep 30");
        ExecRun next = ExecRun.of(agent.blocking(), "echo next");

        assertThat(timedOut.result().getTimedOut()).isTrue();
        assertThat(next.out()).isEqualTo("next\n");
    }

    @Test
    void anAllowedCommandMissingFromPathIsAFailedPrecondition() throws Exception {
        start(new ShellConfig(true, 300, List.of("no-such-command-here"), 16, 8));

        assertRefused(ExecRequest.newBuilder().setCommand("no-such-command-here").build(), Status.Code.FAILED_PRECONDITION,
                "command no-such-command-here is in allowed_commands but was not found on the agent's PATH");
    }

    private CompletableFuture<Void> startSleeper() {
        CompletableFuture<Void> started = new CompletableFuture<>();
        agent.async().exec(ExecRequest.newBuilder().setCommand("echo started; sleep 20").setTimeoutSeconds(20).build(),
                new io.grpc.stub.StreamObserver<ExecEvent>() {
                    @Override
                    public void onNext(ExecEvent value) {
                        started.complete(null);
                    }

                    @Override
                    public void onError(Throwable t) {
                        started.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        return started;
    }

    @Test
    void runsInTheRequestedWorkingDirectoryWithTheAddedEnvironment() throws Exception {
        start(ShellConfig.DEFAULT);

        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("pwd; echo \"$GREETING\"")
                .setWorkingDirectory(temp.toString()).putEnv("GREETING", "hello there").build());

        assertThat(run.out()).isEqualTo(temp.toRealPath() + "\nhello there\n");
    }

    @Test
    void aWorkingDirectoryMustBeAbsoluteExistingAndAllowed() throws Exception {
        Path allowed = Files.createDirectory(temp.resolve("allowed"));
        start(ShellConfig.DEFAULT, new FilesConfig(true, 50, List.of(allowed)));

        assertRefused(ExecRequest.newBuilder().setCommand("pwd").setWorkingDirectory("relative/dir").build(),
                Status.Code.INVALID_ARGUMENT, "path must be absolute: relative/dir");
        assertRefused(ExecRequest.newBuilder().setCommand("pwd").setWorkingDirectory(allowed + "/missing").build(),
                Status.Code.NOT_FOUND, "no such file: " + allowed + "/missing");
        assertRefused(ExecRequest.newBuilder().setCommand("pwd").setWorkingDirectory("/tmp").build(),
                Status.Code.PERMISSION_DENIED, "path /tmp is outside allowed_paths");
        assertThat(ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("pwd").setWorkingDirectory(allowed.toString()).build()).out())
                .isEqualTo(allowed.toRealPath() + "\n");
    }

    @Test
    void loaderVariablesAndInvalidNamesAreRefused() throws Exception {
        start(ShellConfig.DEFAULT);

        for (String name : List.of("LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES")) {
            assertRefused(ExecRequest.newBuilder().setCommand("true").putEnv(name, "/tmp/evil.so").build(), Status.Code.INVALID_ARGUMENT,
                    "environment variable " + name + " is refused: it changes how programs are loaded");
        }
        for (String name : List.of("BAD-NAME", "1ABC", "A B", "")) {
            assertRefused(ExecRequest.newBuilder().setCommand("true").putEnv(name, "x").build(), Status.Code.INVALID_ARGUMENT, null);
        }
    }

    @Test
    void aDisabledShellRefusesEveryCommand() throws Exception {
        start(new ShellConfig(false, 300, List.of(), 16, 8));

        assertRefused(ExecRequest.newBuilder().setCommand("true").build(), Status.Code.FAILED_PRECONDITION,
                "shell is disabled on this machine (capabilities.shell.enabled in agent.yaml)");
    }

    @Test
    void anAllowedCommandRunsWithoutAShell() throws Exception {
        Files.writeString(temp.resolve("a b.txt"), "x");
        start(new ShellConfig(true, 300, List.of("ls", "echo"), 16, 8));

        assertThat(ExecRun.of(agent.blocking(), "ls '" + temp + "'").out()).contains("a b.txt");
        assertThat(ExecRun.of(agent.blocking(), "ls \"" + temp + "/a b.txt\"").out()).isEqualTo(temp + "/a b.txt\n");
        assertThat(ExecRun.of(agent.blocking(), "echo a\\ b   'c  d' \"e\\\"f\"").out()).isEqualTo("a b c  d e\"f\n");
    }

    @Test
    void aCommandNotInTheListIsRefused() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls"), 16, 8));

        assertRefused(ExecRequest.newBuilder().setCommand("id").build(), Status.Code.PERMISSION_DENIED,
                "command id is not in allowed_commands (allowed: ls)");
    }

    @Test
    void shellSyntaxAndPathsAreRefusedBeforeAnythingRuns() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls"), 16, 8));
        Path written = temp.resolve("x");
        List<String> hostile = List.of("ls; id", "ls && id", "ls | sh", "ls `id`", "ls $(id)", "ls\nid", "ls\rid", "ls > " + written,
                "ls < /etc/passwd", "ls & id", "ls *", "ls {a,b}", "ls (id)", "ls\0id");

        for (String command : hostile) {
            assertThatThrownBy(() -> ExecRun.of(agent.blocking(), command))
                    .as(command)
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).matches("shell syntax is not allowed when allowed_commands is set: .*|command contains a NUL byte");
                    });
        }
        for (String command : List.of("/tmp/ls", "./ls", "/bin/../usr/bin/id", "/usr/bin/ls", "bin/ls")) {
            assertRefused(ExecRequest.newBuilder().setCommand(command).build(), Status.Code.PERMISSION_DENIED,
                    "command must be a bare name from allowed_commands, not a path: " + command);
        }
        assertThat(written).doesNotExist();
    }

    @Test
    void nothingRunsWhenARefusedCommandWouldAlsoRunAnAllowedOne() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls", "touch"), 16, 8));
        Path marker = temp.resolve("marker");
        for (String command : List.of("ls; touch M", "ls && touch M", "ls | touch M", "ls `touch M`", "ls $(touch M)", "ls\ntouch M",
                "ls || touch M", "touch M &")) {
            String concrete = command.replace("M", marker.toString());
            assertThatThrownBy(() -> ExecRun.of(agent.blocking(), concrete)).isInstanceOf(StatusRuntimeException.class);
        }
        assertThat(marker).doesNotExist();
        ExecRun.of(agent.blocking(), "touch " + marker);
        assertThat(marker).exists();
    }

    @Test
    void onlyLocaleVariablesMayBeAddedWhenCommandsAreRestricted() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls"), 16, 8));

        assertRefused(ExecRequest.newBuilder().setCommand("ls").putEnv("GIT_SSH_COMMAND", "id").build(), Status.Code.PERMISSION_DENIED,
                "environment variable GIT_SSH_COMMAND is not allowed when allowed_commands is set (only LANG, LC_*, TZ, TERM, COLUMNS, LINES, NO_COLOR)");
        assertThat(ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("ls /").putEnv("LC_ALL", "C").build()).result().getExitCode())
                .isZero();
    }

    private void assertRefused(ExecRequest request, Status.Code code, String description) {
        assertThatThrownBy(() -> ExecRun.of(agent.blocking(), request))
                .as(request.getCommand())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(code);
                    if (description != null) {
                        assertThat(e.getStatus().getDescription()).isEqualTo(description);
                    }
                });
    }

    private static List<Long> pids(String output) {
        return Arrays.stream(output.split("\n")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(ShellExecTest::alive)) {
            Thread.sleep(50);
        }
        for (long pid : pids) {
            assertThat(alive(pid)).as("process %d is still running", pid).isFalse();
        }
    }

    /** Alive and not a zombie waiting for its parent. */
    private static boolean alive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return false;
    }
}
