package fr.interrupt.meshcp.hub.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * Group commit over a {@link JsonStateFile}: changes that threads of this process ask for while a write is under way
 * are applied together in the next locked read-modify-write, so N concurrent changes cost one or two file writes
 * (and fsyncs) instead of N. Each change still sees the state left by the changes before it, exactly as if the
 * changes had been written one after the other in the order they were applied.
 *
 * <p>A change that throws changes nothing and fails only its own caller; the others in its group are written. A
 * failed write (I/O, lock timeout) fails every caller of its group. A caller returns only once its change is on
 * disk (or has failed). Other processes are serialised by the file's lock as before.
 */
public final class GroupCommit<T> {
    private final JsonStateFile<T> file;
    private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    private static final class Pending<T> {
        final UnaryOperator<T> change;
        final CompletableFuture<T> done = new CompletableFuture<>();

        Pending(UnaryOperator<T> change) {
            this.change = change;
        }
    }

    /** Thrown out of the locked update when no change of the group succeeded, so the file is not rewritten as it was. */
    private static final class NothingToWrite extends RuntimeException {
        NothingToWrite() {
            super(null, null, false, false);
        }
    }

    private static final NothingToWrite NOTHING_TO_WRITE = new NothingToWrite();

    public GroupCommit(JsonStateFile<T> file) {
        this.file = file;
    }

    /**
     * Applies {@code change} to the current content and writes the result, possibly in one write with other threads'
     * changes. Returns the content as this change left it (later changes of its group may have changed it since).
     *
     * @throws RuntimeException whatever {@code change} threw (nothing of it was written), or the
     *                          {@link JsonStateFile#update} failure of its group's write
     */
    public T update(UnaryOperator<T> change) {
        Pending<T> mine = new Pending<>(change);
        queue.add(mine);
        while (!mine.done.isDone()) {
            writer.lock();
            try {
                if (!mine.done.isDone()) {
                    writeGroup();
                }
            } finally {
                writer.unlock();
            }
        }
        try {
            return mine.done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void writeGroup() {
        List<Pending<T>> group = new ArrayList<>();
        for (Pending<T> p = queue.poll(); p != null; p = queue.poll()) {
            group.add(p);
        }
        if (group.isEmpty()) {
            return;
        }
        List<Object> outcomes = new ArrayList<>();
        try {
            file.update(current -> {
                outcomes.clear();
                T state = current;
                for (Pending<T> p : group) {
                    try {
                        state = p.change.apply(state);
                        outcomes.add(state);
                    } catch (RuntimeException e) {
                        outcomes.add(e);
                    }
                }
                if (outcomes.stream().allMatch(o -> o instanceof RuntimeException)) {
                    throw NOTHING_TO_WRITE;
                }
                return state;
            });
        } catch (NothingToWrite e) {
            // every change of the group was refused: their callers get their own reasons below
        } catch (RuntimeException | Error e) {
            group.forEach(p -> p.done.completeExceptionally(e));
            if (e instanceof Error error) {
                throw error;
            }
            return;
        }
        for (int i = 0; i < group.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof RuntimeException e) {
                group.get(i).done.completeExceptionally(e);
            } else {
                @SuppressWarnings("unchecked")
                T state = (T) outcome;
                group.get(i).done.complete(state);
            }
        }
    }
}
