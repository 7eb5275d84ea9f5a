package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutTest {
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
