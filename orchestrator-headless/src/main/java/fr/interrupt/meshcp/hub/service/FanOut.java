package fr.interrupt.meshcp.hub.service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs one blocking call per item with at most {@code parallelism} at once and one overall deadline: at most
 * {@code parallelism} workers on the executor each take the next item until none is left. An item with no
 * answer by the deadline gets {@code late.apply(item)}; its call keeps running until its own RPC deadline, and
 * its answer is dropped.
 */
final class FanOut {
    private final Executor executor;
    private final int parallelism;

    /** @throws IllegalArgumentException if {@code parallelism} is under 1 */
    FanOut(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /** The answers in the order of {@code items}; returns within about {@code deadline}. */
    <T, R> List<R> map(List<T> items, Function<T, R> call, Function<T, R> late, Duration deadline) {
        AtomicReferenceArray<R> answers = new AtomicReferenceArray<>(items.size());
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(parallelism, items.size()); w++) {
            workers.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < items.size(); i = next.getAndIncrement()) {
                    answers.set(i, call.apply(items.get(i)));
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            next.set(items.size()); // workers take no new item
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            next.set(items.size());
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        List<R> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            R answer = answers.get(i);
            out.add(answer != null ? answer : late.apply(items.get(i)));
        }
        return out;
    }
}
