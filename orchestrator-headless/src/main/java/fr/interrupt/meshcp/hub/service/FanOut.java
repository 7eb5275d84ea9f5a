package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The one way the hub does something on several machines: at most {@code parallelism} tasks in
 * flight at once (default {@value #DEFAULT_PARALLELISM}), each machine's result or failure kept
 * apart so one offline machine never fails the others, results in the order the machines were given.
 * Two forms: {@link #start} for asynchronous calls (no thread waits for a slow machine), and {@link #map} for
 * blocking calls under one overall deadline.
 */
public final class FanOut {
    /** How many machines are worked on at once unless a face asks otherwise (CLI {@code --parallel}). */
    public static final int DEFAULT_PARALLELISM = 16;

    private final Executor executor;
    private final int parallelism;

    /** For {@link #map}: calls on {@code executor}; throws IllegalArgumentException if {@code parallelism} is under 1. */
    public FanOut(Executor executor, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
        }
        this.executor = executor;
        this.parallelism = parallelism;
    }

    /**
     * Blocking calls, one per item, at most this fan-out's parallelism at once and one overall deadline: the answers in
     * the order of {@code items}, within about {@code deadline}. An item with no answer by then gets {@code late.apply(item)};
     * its call runs on until its own RPC deadline and its answer is dropped.
     */
    public <T, R> List<R> map(List<T> items, Function<T, R> call, Function<T, R> late, Duration deadline) {
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

    /** One machine's part: its value, or the sentence that says why it has none. */
    public record Each<T>(String machine, T value, MeshcpException error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** A fan-out under way: its results once every machine is done, and a way to stop launching more. */
    public static final class Run<T> {
        private final List<String> machines;
        private final Function<String, CompletableFuture<T>> task;
        private final List<CompletableFuture<Each<T>>> slots = new ArrayList<>();
        private final CompletableFuture<List<Each<T>>> all;
        private int next;
        private boolean cancelled;

        private Run(List<String> machines, int parallelism, Function<String, CompletableFuture<T>> task) {
            this.machines = List.copyOf(machines);
            this.task = task;
            for (int i = 0; i < this.machines.size(); i++) {
                slots.add(new CompletableFuture<>());
            }
            this.all = CompletableFuture.allOf(slots.toArray(CompletableFuture[]::new))
                    .thenApply(v -> slots.stream().map(CompletableFuture::join).toList());
            for (int i = 0; i < Math.max(1, parallelism); i++) {
                launchNext();
            }
        }

        /** Completes when every machine has its result; never completes exceptionally. */
        public CompletableFuture<List<Each<T>>> results() {
            return all;
        }

        /** Waits for every result; interrupting the caller stops launching and rethrows as CANCELLED. */
        public List<Each<T>> join() {
            try {
                return all.get();
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }

        /** Launches nothing more: machines not started yet end with a CANCELLED error. */
        public void cancel() {
            List<Integer> skipped = new ArrayList<>();
            synchronized (this) {
                cancelled = true;
                while (next < machines.size()) {
                    skipped.add(next++);
                }
            }
            for (int i : skipped) {
                slots.get(i).complete(new Each<>(machines.get(i), null,
                        new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled before it started")));
            }
        }

        private void launchNext() {
            int index;
            synchronized (this) {
                if (cancelled || next >= machines.size()) {
                    return;
                }
                index = next++;
            }
            String machine = machines.get(index);
            CompletableFuture<T> started;
            try {
                started = task.apply(machine);
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((value, failure) -> {
                slots.get(index).complete(failure == null ? new Each<>(machine, value, null)
                        : new Each<>(machine, null, asMeshcp(failure)));
                launchNext();
            });
        }
    }

    /** Starts {@code task} for each machine, at most {@code parallelism} in flight. */
    public static <T> Run<T> start(List<String> machines, int parallelism, Function<String, CompletableFuture<T>> task) {
        if (parallelism < 1) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "parallelism must be at least 1");
        }
        return new Run<>(machines, parallelism, task);
    }

    /** The failure as a sentence-carrying exception; anything unexpected becomes UNREACHABLE with its text. */
    public static MeshcpException asMeshcp(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MeshcpException m) {
            return m;
        }
        if (t instanceof java.util.concurrent.CancellationException) {
            return new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
        }
        return new MeshcpException(MeshcpException.Kind.UNREACHABLE, "unexpected failure: " + t.getMessage(), t);
    }
}
