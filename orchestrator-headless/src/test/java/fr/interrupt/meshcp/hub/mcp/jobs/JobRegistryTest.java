package fr.interrupt.meshcp.hub.mcp.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningExec;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class JobRegistryTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<FakeExec> started = new ArrayList<>();
    private final JobRegistry registry = new JobRegistry((machine, options, listener) -> {
        if (machine.equals("ghost")) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "unknown machine \"ghost\" (enrolled: web1)");
        }
        FakeExec exec = new FakeExec(machine, listener);
        started.add(exec);
        return exec;
    }, clock, new JobRegistry.Limits(1024, 1024, Duration.ofMinutes(30), 2, 3));

    @Test
    void aJobCollectsOutputAndEndsWithItsOutcome() throws Exception {
        Job job = registry.start("web1", ExecOptions.of("echo hi"));
        started.get(0).emit(ExecListener.OutputKind.STDOUT, "hi\n");
        started.get(0).emit(ExecListener.OutputKind.STDERR, "warn\n");

        assertThat(job.state()).isEqualTo(JobState.RUNNING);
        assertThat(job.await(Duration.ofMillis(10))).isFalse();
        started.get(0).exit(3);

        assertThat(job.await(Duration.ofSeconds(1))).isTrue();
        assertThat(job.state()).isEqualTo(JobState.EXITED);
        assertThat(job.outcome().exitCode()).isEqualTo(3);
        assertThat(new String(job.stdout().read(0, 100), StandardCharsets.UTF_8)).isEqualTo("hi\n");
        assertThat(new String(job.stderr().read(0, 100), StandardCharsets.UTF_8)).isEqualTo("warn\n");
        assertThat(job.id()).matches("job-[0-9a-f]{8}");
    }

    @Test
    void cancelAsksTheRunningCommandToStop() {
        Job job = registry.start("web1", ExecOptions.of("sleep 1000"));
        job.cancel();

        assertThat(started.get(0).cancelled).isTrue();
        assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aFailedStartLeavesNoJobBehind() {
        assertThatThrownBy(() -> registry.start("ghost", ExecOptions.of("ls"))).hasMessageContaining("unknown machine \"ghost\"");
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void aCommandThatLosesItsMachineEndsFailedWithTheReason() {
        Job job = registry.start("web1", ExecOptions.of("ls"));
        started.get(0).outcome.completeExceptionally(new MeshcpException(MeshcpException.Kind.UNREACHABLE, "machine web1 is unreachable"));

        assertThat(job.state()).isEqualTo(JobState.FAILED);
        assertThat(job.failure()).isEqualTo("machine web1 is unreachable");
    }

    @Test
    void unknownJobsAreNamedWithTheCurrentOnes() {
        Job job = registry.start("web1", ExecOptions.of("ls"));

        assertThatThrownBy(() -> registry.require("job-00000000"))
                .hasMessageContaining("unknown job \"job-00000000\"")
                .hasMessageContaining(job.id());
    }

    @Test
    void finishedJobsExpire() {
        Job job = registry.start("web1", ExecOptions.of("ls"));
        started.get(0).exit(0);
        clock.advance(Duration.ofMinutes(29));
        assertThat(registry.find(job.id())).isPresent();

        clock.advance(Duration.ofMinutes(2));
        assertThat(registry.find(job.id())).isEmpty();
    }

    @Test
    void onlyTheNewestFinishedJobsAreKept() {
        for (int i = 0; i < 3; i++) {
            registry.start("web1", ExecOptions.of("job " + i));
            started.get(i).exit(0);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(registry.list()).extracting(Job::command).containsExactly("job 2", "job 1");
    }

    @Test
    void runningJobsAreCapped() {
        for (int i = 0; i < 3; i++) {
            registry.start("web1", ExecOptions.of("sleep " + i));
        }
        assertThatThrownBy(() -> registry.start("web1", ExecOptions.of("one more")))
                .hasMessageContaining("too many running jobs (3)");
    }

    @Test
    void cancelAllStopsEveryRunningJob() {
        registry.start("web1", ExecOptions.of("a"));
        registry.start("web1", ExecOptions.of("b"));

        assertThat(registry.cancelAll()).hasSize(2);
        assertThat(started).allMatch(e -> e.cancelled);
    }

    static final class FakeExec implements RunningExec {
        final String machine;
        final ExecListener listener;
        final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
        volatile boolean cancelled;

        FakeExec(String machine, ExecListener listener) {
            this.machine = machine;
            this.listener = listener;
        }

        void emit(ExecListener.OutputKind kind, String text) {
            listener.onOutput(machine, kind, text.getBytes(StandardCharsets.UTF_8));
        }

        void exit(int code) {
            outcome.complete(new ExecOutcome(machine, code, Duration.ofMillis(5), false, false, false, 0));
        }

        @Override
        public String machine() {
            return machine;
        }

        @Override
        public CompletableFuture<ExecOutcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel() {
            cancelled = true;
            outcome.complete(new ExecOutcome(machine, -1, Duration.ZERO, false, false, true, 0));
        }
    }
}
