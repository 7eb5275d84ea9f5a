package fr.interrupt.meshcp.agent;

import fr.interrupt.meshcp.testsupport.TestClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import fr.interrupt.meshcp.agent.config.AgentConfig;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ConfigException;
import fr.interrupt.meshcp.agent.config.ConfigLoader;
import fr.interrupt.meshcp.agent.config.ConfigWriter;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.AttachJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.CancelJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.GetJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import fr.interrupt.meshcp.proto.agent.v1.JobOutput;
import fr.interrupt.meshcp.proto.agent.v1.JobState;
import fr.interrupt.meshcp.proto.agent.v1.ListJobsRequest;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import fr.interrupt.meshcp.proto.agent.v1.ReadJobOutputRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobAndWaitRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.WaitJobRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsTest {
    private static final String MARK = "MESHCP_JOBS_TEST_MARK";

    @TempDir
    Path temp;

    private AgentFixture agent;
    private final List<Long> strays = new ArrayList<>();

    @AfterEach
    void stop() {
        strays.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        if (agent != null) {
            agent.close();
        }
    }

    private AgentFixture start(ShellConfig shell) throws Exception {
        return start(shell, Clock.systemUTC());
    }

    private AgentFixture start(ShellConfig shell, Clock clock) throws Exception {
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withShell(shell), clock);
        return agent;
    }

    private JobInfo startJob(ExecRequest exec) {
        return agent.blocking().startJob(StartJobRequest.newBuilder().setExec(exec).build());
    }

    private JobInfo startJob(String command) {
        return startJob(ExecRequest.newBuilder().setCommand(command).build());
    }

    private JobInfo waitJob(String id, long millis) {
        return agent.blocking().waitJob(WaitJobRequest.newBuilder().setJobId(id).setWaitMillis(millis).build());
    }

    private JobOutput read(String id, OutputStream stream, long offset, int max) {
        return agent.blocking().readJobOutput(ReadJobOutputRequest.newBuilder().setJobId(id).setStream(stream).setOffset(offset)
                .setMaxBytes(max).build());
    }

    @Test
    void aStartedJobIsWaitedForThenRead() throws Exception {
        start(ShellConfig.DEFAULT);

        JobInfo started = startJob(ExecRequest.newBuilder().setCommand("echo hello; echo oops >&2; exit 4").setCaller("cli:alice").build());
        JobInfo ended = waitJob(started.getId(), 10_000);

        assertThat(started.getId()).matches("[0-9a-f]{12}");
        assertThat(started.getCaller()).isEqualTo("cli:alice");
        assertThat(started.getCancelOnDisconnect()).isFalse();
        assertThat(ended.getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(ended.getExitCode()).isEqualTo(4);
        assertThat(ended.getEndedMillis()).isGreaterThanOrEqualTo(ended.getStartedMillis());
        assertThat(ended.getStdout().getTotalBytes()).isEqualTo(6);
        assertThat(ended.getTimeoutSeconds()).isEqualTo(300);
        JobOutput out = read(started.getId(), OutputStream.STDOUT, 0, 0);
        assertThat(out.getData().toStringUtf8()).isEqualTo("hello\n");
        assertThat(out.getOffset()).isZero();
        assertThat(out.getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(read(started.getId(), OutputStream.STDERR, 0, 0).getData().toStringUtf8()).isEqualTo("oops\n");
        assertThat(agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(started.getId()).build())).isEqualTo(ended);
    }

    @Test
    void theCallerIsRecordedPrintableAndShort() throws Exception {
        start(ShellConfig.DEFAULT);

        JobInfo job = startJob(ExecRequest.newBuilder().setCommand("true").setCaller("mcp:alice\n\u0007é" + "x".repeat(100)).build());

        assertThat(job.getCaller()).startsWith("mcp:alice???x").hasSize(64);
    }

    @Test
    void aJobOutlivesTheChannelThatStartedItAndIsReadThroughAnother() throws Exception {
        start(ShellConfig.DEFAULT);
        Path trigger = temp.resolve("go");
        ManagedChannel starter = agent.channel(agent.pki().orchestrator());
        JobInfo started = AgentServiceGrpc.newBlockingStub(starter).startJob(StartJobRequest.newBuilder()
                .setExec(ExecRequest.newBuilder().setCommand("while [ ! -f '" + trigger + "' ]; do sleep 0.05; done; echo done")).build());

        starter.shutdownNow();
        assertThat(starter.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        Files.writeString(trigger, "");
        ManagedChannel other = agent.channel(agent.pki().orchestrator());
        JobInfo ended = AgentServiceGrpc.newBlockingStub(other).waitJob(WaitJobRequest.newBuilder().setJobId(started.getId()).setWaitMillis(10_000).build());

        assertThat(ended.getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(ended.getExitCode()).isZero();
        assertThat(read(started.getId(), OutputStream.STDOUT, 0, 0).getData().toStringUtf8()).isEqualTo("done\n");
    }

    @Test
    void execEndsWithItsMainProcessWhileABackgroundChildHoldsTheOutput() throws Exception {
        start(ShellConfig.DEFAULT);

        long begun = System.nanoTime();
        ExecRun run = ExecRun.of(agent.blocking(), ExecRequest.newBuilder().setCommand("nohup sleep 60 & echo $!").build());
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
        long pid = Long.parseLong(run.out().trim());
        strays.add(pid);

        assertThat(elapsedMillis).isLessThan(2000);
        assertThat(run.result().getExitCode()).isZero();
        assertThat(run.result().getJob().getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(run.job().getCancelOnDisconnect()).isTrue();
        assertThat(alive(pid)).isTrue();
    }

    @Test
    void aStartedJobEndsWithItsMainProcessAndItsTimeoutSparesTheBackgroundChild() throws Exception {
        start(ShellConfig.DEFAULT);
        String mark = UUID.randomUUID().toString();

        long begun = System.nanoTime();
        JobInfo started = startJob(ExecRequest.newBuilder().setCommand("nohup sleep 25 & echo started").setTimeoutSeconds(1).putEnv(MARK, mark).build());
        JobInfo ended = waitJob(started.getId(), 10_000);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begun);
        List<Long> marked = marked(mark);
        strays.addAll(marked);

        assertThat(elapsedMillis).isLessThan(2000);
        assertThat(ended.getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(ended.getExitCode()).isZero();
        assertThat(read(started.getId(), OutputStream.STDOUT, 0, 0).getData().toStringUtf8()).isEqualTo("started\n");
        assertThat(marked).hasSize(1);
        // Past the job's 1 s timeout, the background sleep still runs.
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3)).until(() -> alive(marked.get(0)));
    }

    @Test
    void aTimeoutWhileTheMainProcessRunsKillsTheTree() throws Exception {
        start(ShellConfig.DEFAULT);

        JobInfo started = startJob(ExecRequest.newBuilder().setCommand("sleep 30 & echo $!; sleep 30").setTimeoutSeconds(1).build());
        JobInfo ended = waitJob(started.getId(), 10_000);

        assertThat(ended.getState()).isEqualTo(JobState.JOB_STATE_TIMED_OUT);
        assertThat(ended.getExitCode()).isEqualTo(-1);
        assertThat(ended.getTimeoutSeconds()).isEqualTo(1);
        long child = Long.parseLong(read(started.getId(), OutputStream.STDOUT, 0, 0).getData().toStringUtf8().trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(child));
    }

    @Test
    void cancelKillsTheJobAndIsIdempotent() throws Exception {
        start(ShellConfig.DEFAULT);
        JobInfo started = startJob("sleep 30");

        JobInfo cancelled = agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(started.getId()).build());
        JobInfo again = agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(started.getId()).build());

        assertThat(cancelled.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
        assertThat(cancelled.getExitCode()).isEqualTo(-1);
        assertThat(again).isEqualTo(cancelled);
    }

    @Test
    void agentShutdownKillsEveryRunningJob() throws Exception {
        start(ShellConfig.DEFAULT);
        JobInfo started = startJob("sleep 30 & echo $!; sleep 30");
        await().atMost(Duration.ofSeconds(5)).until(() -> !read(started.getId(), OutputStream.STDOUT, 0, 0).getData().isEmpty());
        long child = Long.parseLong(read(started.getId(), OutputStream.STDOUT, 0, 0).getData().toStringUtf8().trim());

        agent.close();
        agent = null;

        await().atMost(Duration.ofSeconds(5)).until(() -> !alive(child));
    }

    @Test
    void execOfAHugeOutputStillDeliversTheLastLinesAndTheExitCode() throws Exception {
        start(ShellConfig.DEFAULT);

        ExecRun run = ExecRun.of(agent.blocking(), "seq 1 3000000; echo BUILD-FAILED-MARKER; exit 2");

        assertThat(run.result().getExitCode()).isEqualTo(2);
        assertThat(run.result().getTruncated()).isTrue();
        assertThat(run.out()).endsWith("2999999\n3000000\nBUILD-FAILED-MARKER\n");
        assertThat(run.gaps()).hasSize(1);
        JobInfo job = run.result().getJob();
        assertThat(job.getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        JobOutput tail = read(job.getId(), OutputStream.STDOUT, job.getStdout().getTailStart(), 0);
        assertThat(tail.getData().size()).isEqualTo(1024 * 1024);
        assertThat(tail.getData().toStringUtf8()).endsWith("\nBUILD-FAILED-MARKER\n");
        assertThat(tail.getOffset() + tail.getData().size()).isEqualTo(job.getStdout().getTotalBytes());
    }

    @Test
    void readingADroppedRangeStartsAtTheNextKeptByte() throws Exception {
        start(ShellConfig.DEFAULT.withJobs(1, 1, 100, 60));
        JobInfo started = startJob("head -c 10000 /dev/zero | tr '\\000' a");
        JobInfo ended = waitJob(started.getId(), 10_000);

        assertThat(ended.getStdout().getTotalBytes()).isEqualTo(10_000);
        assertThat(ended.getStdout().getHeadEnd()).isEqualTo(1024);
        assertThat(ended.getStdout().getTailStart()).isEqualTo(10_000 - 1024);
        JobOutput head = read(started.getId(), OutputStream.STDOUT, 1000, 0);
        assertThat(head.getOffset()).isEqualTo(1000);
        assertThat(head.getData().size()).isEqualTo(24);
        JobOutput dropped = read(started.getId(), OutputStream.STDOUT, 2000, 100);
        assertThat(dropped.getOffset()).isEqualTo(10_000 - 1024);
        assertThat(dropped.getData().size()).isEqualTo(100);
        assertThat(read(started.getId(), OutputStream.STDOUT, 20_000, 0).getData().isEmpty()).isTrue();

        ExecRun attached = ExecRun.collect(agent.blocking().attachJob(AttachJobRequest.newBuilder().setJobId(started.getId())
                .setStdoutOffset(500).build()), 500, 0);
        assertThat(attached.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.getFromOffset()).isEqualTo(1024);
            assertThat(gap.getToOffset()).isEqualTo(10_000 - 1024);
        });
        assertThat(attached.stdout()).hasSize(524 + 1024);
        assertThat(attached.result().getJob().getState()).isEqualTo(JobState.JOB_STATE_EXITED);
    }

    @Test
    void attachFromTheMiddleFollowsLiveOutput() throws Exception {
        start(ShellConfig.DEFAULT);
        Path trigger = temp.resolve("go");
        JobInfo started = startJob("echo line1; while [ ! -f '" + trigger + "' ]; do sleep 0.05; done; echo line2");
        await().atMost(Duration.ofSeconds(5)).until(() -> read(started.getId(), OutputStream.STDOUT, 0, 0).getData().size() == 6);

        Iterator<ExecEvent> events = agent.blocking().attachJob(AttachJobRequest.newBuilder().setJobId(started.getId()).setStdoutOffset(3).build());
        assertThat(events.next().getJob().getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        ExecEvent kept = events.next();
        assertThat(kept.getOutput().getOffset()).isEqualTo(3);
        assertThat(kept.getOutput().getData().toStringUtf8()).isEqualTo("e1\n");
        Files.writeString(trigger, "");
        ExecEvent live = events.next();
        assertThat(live.getOutput().getOffset()).isEqualTo(6);
        assertThat(live.getOutput().getData().toStringUtf8()).isEqualTo("line2\n");
        ExecEvent result = events.next();
        assertThat(result.getResult().getExitCode()).isZero();
        assertThat(result.getResult().getJob().getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(events.hasNext()).isFalse();
    }

    @Test
    void cancellingAnAttachCancelsTheJobOnlyWhenAskedTo() throws Exception {
        start(ShellConfig.DEFAULT);
        JobInfo detached = startJob("sleep 30");
        JobInfo tied = startJob("sleep 30");

        attachThenCancel(AttachJobRequest.newBuilder().setJobId(detached.getId()).build(), info -> assertThat(info.getCancelOnDisconnect()).isFalse());
        attachThenCancel(AttachJobRequest.newBuilder().setJobId(tied.getId()).setCancelOnDisconnect(true).build(),
                info -> assertThat(info.getCancelOnDisconnect()).isTrue());

        assertThat(waitJob(tied.getId(), 10_000).getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
        assertThat(waitJob(detached.getId(), 0).getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(detached.getId()).build());
    }

    private void attachThenCancel(AttachJobRequest request, Consumer<JobInfo> check) throws Exception {
        CompletableFuture<JobInfo> first = new CompletableFuture<>();
        CompletableFuture<Status> end = new CompletableFuture<>();
        AtomicReference<ClientCallStreamObserver<AttachJobRequest>> call = new AtomicReference<>();
        agent.async().attachJob(request, new ClientResponseObserver<AttachJobRequest, ExecEvent>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<AttachJobRequest> requestStream) {
                call.set(requestStream);
            }

            @Override
            public void onNext(ExecEvent event) {
                first.complete(event.getJob());
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
        check.accept(first.get(10, TimeUnit.SECONDS));
        call.get().cancel("test detaches", null);
        assertThat(end.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.CANCELLED);
    }

    @Test
    void finishedJobsAreKeptUpToTheirCountNewestFirst() throws Exception {
        start(ShellConfig.DEFAULT.withJobs(1024, 1024, 2, 60));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(ExecRun.of(agent.blocking(), "echo " + i).job().getId());
        }

        List<String> listed = agent.blocking().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList().stream().map(JobInfo::getId).toList();

        assertThat(listed).containsExactly(ids.get(2), ids.get(1));
        assertRefused(() -> agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(ids.get(0)).build()), Status.Code.NOT_FOUND,
                "unknown job ID");
    }

    @Test
    void finishedJobsExpireAfterTheirTtl() throws Exception {
        TestClock clock = new TestClock();
        start(ShellConfig.DEFAULT.withJobs(1024, 1024, 100, 1), clock);
        String id = ExecRun.of(agent.blocking(), "true").job().getId();
        assertThat(agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(id).build()).getState()).isEqualTo(JobState.JOB_STATE_EXITED);

        clock.advance(Duration.ofSeconds(61));

        assertRefused(() -> agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(id).build()), Status.Code.NOT_FOUND, "unknown job ID");
        assertThat(agent.blocking().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
    }

    @Test
    void hostileJobIdsAreInvalidAndUnknownOnesNotFound() throws Exception {
        start(ShellConfig.DEFAULT);

        for (String id : List.of("", "ABCDEF012345", "abc", "0123456789abc", "../../etc/pa", "01234567890g", "0123456789a\n")) {
            String expected = "job_id must be 12 lowercase hexadecimal digits";
            assertRefused(() -> agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(id).build()), Status.Code.INVALID_ARGUMENT, expected);
            assertRefused(() -> waitJob(id, 0), Status.Code.INVALID_ARGUMENT, expected);
            assertRefused(() -> agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(id).build()), Status.Code.INVALID_ARGUMENT, expected);
            assertRefused(() -> read(id, OutputStream.STDOUT, 0, 0), Status.Code.INVALID_ARGUMENT, expected);
            assertRefused(() -> agent.blocking().attachJob(AttachJobRequest.newBuilder().setJobId(id).build()).hasNext(),
                    Status.Code.INVALID_ARGUMENT, expected);
        }
        assertRefused(() -> agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId("0123456789ab").build()), Status.Code.NOT_FOUND,
                "unknown job ID");
    }

    @Test
    void startJobIsRefusedLikeExecBeforeAnythingRuns() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls"), 16, 8));

        assertRefused(() -> startJob("id"), Status.Code.PERMISSION_DENIED, "command id is not in allowed_commands (allowed: ls)");
        assertThat(agent.blocking().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
    }

    private List<JobInfo> startJobAndWait(String command, long waitMillis) {
        List<JobInfo> answers = new ArrayList<>();
        agent.blocking().startJobAndWait(StartJobAndWaitRequest.newBuilder().setExec(ExecRequest.newBuilder().setCommand(command))
                .setWaitMillis(waitMillis).build()).forEachRemaining(answers::add);
        return answers;
    }

    @Test
    void startJobAndWaitAnswersTheStartedJobThenItsEndInOneCall() throws Exception {
        start(ShellConfig.DEFAULT);

        List<JobInfo> answers = startJobAndWait("echo hello; exit 3", 10_000);

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).getId()).matches("[0-9a-f]{12}").isEqualTo(answers.get(1).getId());
        assertThat(answers.get(1).getState()).isEqualTo(JobState.JOB_STATE_EXITED);
        assertThat(answers.get(1).getExitCode()).isEqualTo(3);
        assertThat(answers.get(1).getStdout().getTotalBytes()).isEqualTo(6);
        assertThat(read(answers.get(0).getId(), OutputStream.STDOUT, 0, 0).getData().toStringUtf8()).isEqualTo("hello\n");
    }

    @Test
    void startJobAndWaitAnswersARunningJobOnceTheWaitPassedAndTheJobRunsOn() throws Exception {
        start(ShellConfig.DEFAULT);

        List<JobInfo> answers = startJobAndWait("sleep 30", 200);

        assertThat(answers).hasSize(2);
        assertThat(answers.get(0).getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        assertThat(answers.get(1).getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        String id = answers.get(0).getId();
        assertThat(agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(id).build()).getState()).isEqualTo(JobState.JOB_STATE_RUNNING);
        agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(id).build());
    }

    @Test
    void cancellingAStartJobAndWaitCallLeavesItsJobRunning() throws Exception {
        start(ShellConfig.DEFAULT);
        CompletableFuture<JobInfo> first = new CompletableFuture<>();
        AtomicReference<ClientCallStreamObserver<StartJobAndWaitRequest>> call = new AtomicReference<>();
        agent.async().startJobAndWait(StartJobAndWaitRequest.newBuilder().setExec(ExecRequest.newBuilder().setCommand("sleep 30"))
                .setWaitMillis(60_000).build(), new ClientResponseObserver<StartJobAndWaitRequest, JobInfo>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<StartJobAndWaitRequest> stream) {
                        call.set(stream);
                    }

                    @Override
                    public void onNext(JobInfo info) {
                        first.complete(info);
                    }

                    @Override
                    public void onError(Throwable t) {
                        first.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
        String id = first.get(30, TimeUnit.SECONDS).getId();

        call.get().cancel("the hub went away", null);

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                agent.blocking().getJob(GetJobRequest.newBuilder().setJobId(id).build()).getState() == JobState.JOB_STATE_RUNNING);
        assertThat(agent.blocking().cancelJob(CancelJobRequest.newBuilder().setJobId(id).build()).getState())
                .isEqualTo(JobState.JOB_STATE_CANCELLED);
    }

    @Test
    void startJobAndWaitIsRefusedLikeStartJob() throws Exception {
        start(new ShellConfig(true, 300, List.of("ls"), 16, 8));

        assertRefused(() -> startJobAndWait("id", 1000), Status.Code.PERMISSION_DENIED, "command id is not in allowed_commands (allowed: ls)");
        assertThat(agent.blocking().listJobs(ListJobsRequest.getDefaultInstance()).getJobsList()).isEmpty();
    }

    @Test
    void theJobKeysParseAreWrittenAndRefusedWhenInvalid() throws Exception {
        ConfigLoader loader = new ConfigLoader();
        String base = "machine_name: a\ncapabilities:\n  shell:\n";

        AgentConfig config = loader.parse(base + "    job_head_kb: 64\n    job_tail_kb: 128\n    finished_jobs_kept: 5\n"
                + "    finished_job_ttl_minutes: 10\n", "agent.yaml");
        ShellConfig shell = config.capabilities().shell();

        assertThat(List.of(shell.jobHeadKb(), shell.jobTailKb(), shell.finishedJobsKept(), shell.finishedJobTtlMinutes()))
                .containsExactly(64, 128, 5, 10);
        assertThat(loader.parse(new ConfigWriter().render(config), "again").capabilities().shell()).isEqualTo(shell);
        assertThat(new ConfigWriter().render(config)).contains("    job_head_kb: 64\n", "    finished_job_ttl_minutes: 10\n");
        assertThat(new ConfigWriter().render(new AgentConfig("a", config.listen(), config.credsDir(), Capabilities.DEFAULT)))
                .doesNotContain("job_");
        assertThat(loader.parse("machine_name: a\n", "agent.yaml").capabilities().shell().jobTailKb()).isEqualTo(1024);
        assertThatThrownBy(() -> loader.parse(base + "    job_head_kb: 0\n", "agent.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml: capabilities.shell.job_head_kb must be a positive integer, got 0");
        assertThatThrownBy(() -> loader.parse(base + "    finished_jobs_kept: 100000\n", "agent.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml: capabilities.shell.finished_jobs_kept must be at most 10000, got 100000");
        assertThatThrownBy(() -> loader.parse(base + "    job_tail_kb: lots\n", "agent.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml: capabilities.shell.job_tail_kb must be a positive integer, got \"lots\"");
        assertThatThrownBy(() -> loader.parse(base + "    finished_job_ttl: 5\n", "agent.yaml")).isInstanceOf(ConfigException.class)
                .hasMessage("agent.yaml: unknown key capabilities.shell.finished_job_ttl (did you mean finished_job_ttl_minutes?)");
    }

    private static void assertRefused(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    /** Processes whose environment carries MARK=mark. */
    private static List<Long> marked(String mark) {
        byte[] needle = (MARK + "=" + mark).getBytes(StandardCharsets.US_ASCII);
        return ProcessHandle.allProcesses().map(ProcessHandle::pid).filter(pid -> environ(pid).map(env -> contains(env, needle)).orElse(false))
                .toList();
    }

    private static Optional<byte[]> environ(long pid) {
        try {
            return Optional.of(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Alive and not a zombie waiting for its parent. */
    private static boolean alive(long pid) {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
                return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
            } catch (IOException e) {
                return false;
            }
        }
        return false;
    }
}
