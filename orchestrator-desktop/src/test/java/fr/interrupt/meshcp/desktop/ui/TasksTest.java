package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.desktop.SameThread;
import fr.interrupt.meshcp.hub.MeshcpException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;

class TasksTest {
    private final List<String> events = new ArrayList<>();

    @Test
    void successThenFinallyRunOnTheUiExecutor() {
        Tasks.supply(() -> 42).onSuccess(v -> events.add("success " + v)).onErrorMessage(events::add)
                .andFinally(() -> events.add("finally")).start(SameThread.dispatch());
        assertThat(events).containsExactly("success 42", "finally");
    }

    @Test
    void aMeshcpFailureArrivesAsItsSentence() {
        Tasks.run(() -> {
            throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "machine \"x\" is unreachable");
        }).onErrorMessage(events::add).andFinally(() -> events.add("finally")).start(SameThread.dispatch());
        assertThat(events).containsExactly("Machine \"x\" is unreachable.", "finally");
    }

    @Test
    void aMeshcpFailureArrivesWithItsKindSoAViewModelCanTellRefusedFromUnreachable() {
        List<Failure> failures = new ArrayList<>();
        Tasks.run(() -> {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, "web-1: path /etc/shadow is outside allowed_paths");
        }).onError(failures::add).start(SameThread.dispatch());
        assertThat(failures).containsExactly(new Failure(MeshcpException.Kind.REFUSED,
                "web-1: path /etc/shadow is outside allowed_paths."));
    }

    @Test
    void anUnexpectedFailureIsASentenceWithoutTheJavaClassAndNoKind() {
        List<Failure> failures = new ArrayList<>();
        Tasks.run(() -> {
            throw new IllegalStateException("boom");
        }).onError(failures::add).start(SameThread.dispatch());
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.kind()).isNull();
            assertThat(f.sentence()).contains("did not expect").doesNotContain("IllegalStateException").doesNotContain("Exception");
        });
    }

    @Test
    void aMachinePrefixedRefusalKeepsTheMachineNameAsWritten() {
        assertThat(UserMessages.describe(new MeshcpException(MeshcpException.Kind.REFUSED,
                "web-1: path /etc/shadow is outside allowed_paths"))).isEqualTo("web-1: path /etc/shadow is outside allowed_paths.");
    }

    @Test
    void aTaskCancelledBeforeItRunsOnlyRunsFinally() throws Exception {
        ExecutorService paused = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        paused.submit(() -> {
            gate.await();
            return null;
        });
        Tasks.Handle handle = Tasks.supply(() -> "never").onSuccess(events::add).onErrorMessage(events::add)
                .andFinally(() -> events.add("finally")).start(new Dispatch(paused, Runnable::run));
        handle.cancel();
        gate.countDown();
        paused.shutdown();
        paused.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(events).containsExactly("finally");
    }

    @Test
    void cancellingARunningTaskInterruptsItAndDeliversNoResult() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        Tasks.Handle handle = Tasks.supply(() -> {
            started.countDown();
            Thread.sleep(10_000);
            return "late";
        }).onSuccess(seen::add).onErrorMessage(seen::add).andFinally(finished::countDown).start(new Dispatch(pool, Runnable::run));
        started.await();
        handle.cancel();
        assertThat(finished.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(seen).isEmpty();
        pool.shutdownNow();
    }
}
