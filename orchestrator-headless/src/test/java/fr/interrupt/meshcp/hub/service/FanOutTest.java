package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FanOutTest {

    @Test
    void neverHasMoreThanParallelismInFlightAndKeepsTheOrderGiven() {
        List<CompletableFuture<String>> pending = new ArrayList<>();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        FanOut.Run<String> run = FanOut.start(List.of("a", "b", "c", "d", "e"), 2, name -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            CompletableFuture<String> f = new CompletableFuture<>();
            synchronized (pending) {
                pending.add(f);
            }
            return f.whenComplete((v, t) -> inFlight.decrementAndGet()).thenApply(v -> v + "!");
        });
        for (int i = 4; i >= 0; i--) {
            // finish in reverse of launch order where possible: the newest launched first
            CompletableFuture<String> f;
            synchronized (pending) {
                f = pending.get(pending.size() - 1);
                pending.remove(pending.size() - 1);
            }
            f.complete("done-" + i);
        }

        List<FanOut.Each<String>> results = run.results().join();
        assertThat(most.get()).isEqualTo(2);
        assertThat(results).extracting(FanOut.Each::machine).containsExactly("a", "b", "c", "d", "e");
        assertThat(results).allSatisfy(r -> assertThat(r.ok()).isTrue());
    }

    @Test
    void oneMachinesFailureIsKeptApart() {
        List<FanOut.Each<Integer>> results = FanOut.start(List.of("up", "down", "bad"), 16, name -> {
            if (name.equals("bad")) {
                throw new MeshcpException(MeshcpException.Kind.REFUSED, "bad: refused");
            }
            return name.equals("down")
                    ? CompletableFuture.failedFuture(new MeshcpException(MeshcpException.Kind.UNREACHABLE, "down is unreachable"))
                    : CompletableFuture.completedFuture(1);
        }).join();

        assertThat(results.get(0).value()).isEqualTo(1);
        assertThat(results.get(1).error()).hasMessage("down is unreachable");
        assertThat(results.get(2).error().kind()).isEqualTo(MeshcpException.Kind.REFUSED);
    }

    @Test
    void cancellingLaunchesNothingMoreAndEndsTheRestAsCancelled() {
        CompletableFuture<String> first = new CompletableFuture<>();
        AtomicInteger launched = new AtomicInteger();
        FanOut.Run<String> run = FanOut.start(List.of("a", "b", "c"), 1, name -> {
            launched.incrementAndGet();
            return first;
        });
        run.cancel();
        first.complete("a-done");

        List<FanOut.Each<String>> results = run.results().join();
        assertThat(launched.get()).isEqualTo(1);
        assertThat(results.get(0).value()).isEqualTo("a-done");
        assertThat(results.subList(1, 3)).allSatisfy(r -> assertThat(r.error().kind()).isEqualTo(MeshcpException.Kind.CANCELLED));
    }

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void answersComeBackInTheOrderOfTheItems() {
        List<Integer> items = IntStream.range(0, 50).boxed().toList();

        List<Integer> answers = new FanOut(pool, 4).map(items, i -> i * 2, i -> -1, Duration.ofSeconds(10));

        assertThat(answers).isEqualTo(items.stream().map(i -> i * 2).toList());
    }

    @Test
    void neverMoreThanTheParallelismRunAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();

        new FanOut(pool, 3).map(IntStream.range(0, 30).boxed().toList(), i -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2); // hold the slot so overlapping calls would show
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return i;
        }, i -> -1, Duration.ofSeconds(10));

        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void anItemWithNoAnswerByTheDeadlineGetsTheLateAnswer() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        List<String> answers = new FanOut(pool, 2).map(List.of("fast", "stuck"), item -> {
            if (item.equals("stuck")) {
                try {
                    never.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return item + ": answered";
        }, item -> item + ": late", Duration.ofMillis(200));
        never.countDown();

        assertThat(answers).containsExactly("fast: answered", "stuck: late");
    }

    @Test
    void noItemsNoWork() {
        assertThat(new FanOut(pool, 1).map(List.<String>of(), s -> s, s -> s, Duration.ofMillis(1))).isEmpty();
    }

    @Test
    void parallelismMustBePositive() {
        assertThatThrownBy(() -> new FanOut(pool, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
