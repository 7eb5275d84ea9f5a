package fr.interrupt.meshcp.hub.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JobService and ExecService against real agent services in-process: the success paths every face relies on. */
class JobServiceTest {
    @TempDir
    Path dataDir;

    private InProcessFleet fleet;
    private JobService jobs;

    @BeforeEach
    void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
        fleet.addAgent("web-2", Capabilities.DEFAULT);
        jobs = fleet.hub().jobs();
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void aDetachedJobIsWaitedForAndReadByOffset() throws Exception {
        JobStatus started = jobs.start("web-1", ExecOptions.of("printf 'one\\ntwo\\n'; echo oops >&2; exit 3"));
        assertThat(started.ref().toString()).matches("web-1:[0-9a-f]{12}");
        assertThat(started.caller()).isEqualTo("test");

        JobStatus ended = jobs.await(started.ref(), Duration.ofSeconds(30));
        assertThat(ended.state()).isEqualTo(ExecState.EXITED);
        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.stdout().total()).isEqualTo(8);
        assertThat(text(jobs.read(ended.ref(), ExecListener.OutputKind.STDOUT, 4, 100))).isEqualTo("two\n");
        assertThat(text(jobs.read(ended.ref(), ExecListener.OutputKind.STDERR, 0, 100))).isEqualTo("oops\n");
    }

    @Test
    void startAndAwaitNamesTheJobFirstThenAnswersItsEndAndAuditsTheStart() throws Exception {
        List<JobStatus> started = new ArrayList<>();

        JobStatus ended = jobs.startAndAwait("web-1", ExecOptions.of("echo hi; exit 3"), Duration.ofSeconds(30), started::add);

        assertThat(ended.state()).isEqualTo(ExecState.EXITED);
        assertThat(ended.exitCode()).isEqualTo(3);
        assertThat(ended.stdout().total()).isEqualTo(3);
        assertThat(started).hasSize(1);
        assertThat(started.get(0).ref()).isEqualTo(ended.ref());
        assertThat(java.nio.file.Files.readString(fleet.hub().dataDir().resolve("audit.log")))
                .contains("\"action\":\"exec\"", "\"command\":\"echo hi; exit 3\"", "\"job\":\"" + ended.ref().id() + "\"");
    }

    @Test
    void startAndAwaitAnswersARunningJobOnceTheWaitPassedAndTheJobRunsOn() throws Exception {
        JobStatus status = jobs.startAndAwait("web-1", ExecOptions.of("sleep 30"), Duration.ofMillis(200), s -> { });

        assertThat(status.state()).isEqualTo(ExecState.RUNNING);
        assertThat(jobs.get(status.ref()).state()).isEqualTo(ExecState.RUNNING);
        assertThat(jobs.cancel(status.ref()).state()).isEqualTo(ExecState.CANCELLED);
    }

    @Test
    void startAndAwaitOnAnAgentThatPredatesItStartsThenWaits() throws Exception {
        fleet.addAgentWithout("old-1", Capabilities.DEFAULT, "StartJobAndWait");
        List<JobStatus> started = new ArrayList<>();

        JobStatus ended = jobs.startAndAwait("old-1", ExecOptions.of("exit 4"), Duration.ofSeconds(30), started::add);

        assertThat(ended.state()).isEqualTo(ExecState.EXITED);
        assertThat(ended.exitCode()).isEqualTo(4);
        assertThat(started).extracting(JobStatus::ref).containsExactly(ended.ref());
    }

    @Test
    void startAndAwaitPassesOnTheAgentsRefusal() {
        fleet.addAgent("locked", Capabilities.DEFAULT.withShell(new fr.interrupt.meshcp.agent.config.ShellConfig(true, 300,
                List.of("ls"), 16, 8)));

        assertThatThrownBy(() -> jobs.startAndAwait("locked", ExecOptions.of("id"), Duration.ofSeconds(5), s -> { }))
                .isInstanceOfSatisfying(MeshcpException.class, e -> assertThat(e.getMessage()).contains("not in allowed_commands"));
    }

    @Test
    void anIdAloneIsFoundOnTheMachineThatHasIt() throws Exception {
        JobStatus started = jobs.start("web-2", ExecOptions.of("true"));
        JobStatus found = jobs.await(JobRef.parse(started.ref().id()), Duration.ofSeconds(30));
        assertThat(found.ref()).isEqualTo(started.ref());
        assertThatThrownBy(() -> jobs.get(JobRef.parse("0123456789ab")))
                .isInstanceOf(MeshcpException.class).hasMessageContaining("no machine has a job 0123456789ab");
    }

    @Test
    void theFleetListShowsEveryMachinesJobsNewestFirstAndNamesAnUnreachableOne() throws Exception {
        JobStatus first = jobs.start("web-1", ExecOptions.of("true"));
        jobs.await(first.ref(), Duration.ofSeconds(30));
        JobStatus second = jobs.start("web-2", ExecOptions.of("sleep 30"));
        fleet.addAgent("down", Capabilities.DEFAULT);
        fleet.stopAgent("down");

        FleetJobs all = jobs.listAll();
        assertThat(all.jobs()).extracting(JobStatus::ref).containsSubsequence(second.ref(), first.ref());
        assertThat(all.running()).isEqualTo(1);
        assertThat(all.unreachable()).containsOnlyKeys("down");
        jobs.cancel(second.ref());
    }

    @Test
    void cancellingKillsTheCommandAndIsIdempotent() throws Exception {
        JobStatus started = jobs.start("web-1", ExecOptions.of("echo before; sleep 600"));
        JobStatus cancelled = jobs.cancel(started.ref());
        if (!cancelled.isDone()) {
            cancelled = jobs.await(started.ref(), Duration.ofSeconds(10));
        }
        assertThat(cancelled.state()).isEqualTo(ExecState.CANCELLED);
        assertThat(cancelled.exitCode()).isNull();
        assertThat(jobs.cancel(started.ref()).state()).isEqualTo(ExecState.CANCELLED);
        assertThat(text(jobs.read(started.ref(), ExecListener.OutputKind.STDOUT, 0, 100))).isEqualTo("before\n");
    }

    @Test
    void anAttachmentFollowsLiveOutputToTheEnd() throws Exception {
        JobStatus started = jobs.start("web-1", ExecOptions.of("for i in 1 2 3; do echo line-$i; sleep 0.2; done"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Attachment attachment = jobs.attach(started.ref(), 0, 0, false, (machine, kind, chunk) -> {
            synchronized (out) {
                out.writeBytes(chunk);
            }
        });
        JobStatus ended = attachment.ended().get(30, TimeUnit.SECONDS);
        assertThat(ended.state()).isEqualTo(ExecState.EXITED);
        synchronized (out) {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("line-1\nline-2\nline-3\n");
        }
    }

    @Test
    void aForegroundExecStreamsItsOutputAndNamesItsJob() {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        ExecOutcome outcome = fleet.hub().exec().run("web-1", ExecOptions.of("echo hi; exit 2"), new ExecListener() {
            @Override
            public void onOutput(String machine, OutputKind kind, byte[] chunk) {
                events.add(kind.label() + ":" + new String(chunk, StandardCharsets.UTF_8));
            }

            @Override
            public void onJob(String machine, JobRef job) {
                events.add("job:" + job);
            }
        });
        assertThat(outcome.state()).isEqualTo(ExecState.EXITED);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(events).containsExactly("job:web-1:" + outcome.jobId(), "stdout:hi\n");
        assertThat(jobs.get(new JobRef("web-1", outcome.jobId())).state()).isEqualTo(ExecState.EXITED);
    }

    @Test
    void aFanOutRunsOnEveryMachineAndKeepsAnOfflineOnesFailureApart() {
        fleet.addAgent("down", Capabilities.DEFAULT);
        fleet.stopAgent("down");
        List<FanOut.Each<ExecOutcome>> results = fleet.hub().exec().runMany(List.of("web-1", "down", "web-2"),
                ExecOptions.of("echo ok"), ExecListener.IGNORE, 2);
        assertThat(results).extracting(FanOut.Each::machine).containsExactly("web-1", "down", "web-2");
        assertThat(results.get(0).value().succeeded()).isTrue();
        assertThat(results.get(1).ok()).isFalse();
        assertThat(results.get(2).value().succeeded()).isTrue();
    }

    private static String text(OutputRange range) {
        return new String(range.data(), StandardCharsets.UTF_8);
    }
}
