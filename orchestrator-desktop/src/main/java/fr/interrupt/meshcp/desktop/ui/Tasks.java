package fr.interrupt.meshcp.desktop.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A small builder for background work: the work runs on {@link Dispatch#background()}, and
 * {@code onSuccess}, {@code onError} (with the typed {@link Failure}: its kind and a sentence a person can read;
 * {@code onErrorMessage} when only the sentence matters) and {@code andFinally} run on {@link Dispatch#ui()}. A cancelled task delivers neither success nor error, only {@code andFinally}.
 */
public final class Tasks {
    private Tasks() {
    }

    public static <T> Builder<T> supply(Callable<T> work) {
        return new Builder<>(work);
    }

    public static Builder<Void> run(Work work) {
        return new Builder<>(() -> {
            work.run();
            return null;
        });
    }

    /** Work that returns nothing and may throw. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public static final class Builder<T> {
        private final Callable<T> work;
        private Consumer<T> onSuccess = value -> { };
        private Consumer<Failure> onError = failure -> { };
        private Runnable andFinally = () -> { };

        private Builder(Callable<T> work) {
            this.work = work;
        }

        public Builder<T> onSuccess(Consumer<T> handler) {
            this.onSuccess = handler;
            return this;
        }

        /** Receives the failure with its kind ({@link Failure#kind()}) and its sentence. */
        public Builder<T> onError(Consumer<Failure> handler) {
            this.onError = handler;
            return this;
        }

        /** Receives only the failure's sentence ({@link UserMessages#describe}). */
        public Builder<T> onErrorMessage(Consumer<String> handler) {
            return onError(failure -> handler.accept(failure.sentence()));
        }

        public Builder<T> andFinally(Runnable handler) {
            this.andFinally = handler;
            return this;
        }

        public Handle start(Dispatch dispatch) {
            Handle handle = new Handle(dispatch, andFinally);
            try {
                handle.future = dispatch.background().submit(() -> execute(dispatch, handle));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the app is closing (a timer fired after close): nothing runs, nothing is delivered
                handle.started.set(true);
                handle.cancelled.set(true);
            }
            return handle;
        }

        private void execute(Dispatch dispatch, Handle handle) {
            if (!handle.started.compareAndSet(false, true)) {
                return;
            }
            Runnable delivery;
            try {
                T value = work.call();
                delivery = () -> onSuccess.accept(value);
            } catch (Exception | Error e) {
                Failure failure = Failure.of(e);
                delivery = () -> onError.accept(failure);
            }
            Runnable deliver = delivery;
            dispatch.ui().execute(() -> {
                try {
                    if (!handle.cancelled.get()) {
                        deliver.run();
                    }
                } finally {
                    andFinally.run();
                }
            });
        }
    }

    /** A started task; {@link #cancel()} interrupts it, which cancels a transfer or an agent call in flight. */
    public static final class Handle {
        private final Dispatch dispatch;
        private final Runnable andFinally;
        private final AtomicBoolean started = new AtomicBoolean();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private volatile Future<?> future;

        private Handle(Dispatch dispatch, Runnable andFinally) {
            this.dispatch = dispatch;
            this.andFinally = andFinally;
        }

        public void cancel() {
            if (!cancelled.compareAndSet(false, true)) {
                return;
            }
            if (started.compareAndSet(false, true)) {
                // never ran: nobody else will call andFinally
                dispatch.ui().execute(andFinally);
            }
            Future<?> f = future;
            if (f != null) {
                f.cancel(true);
            }
        }

        public boolean isCancelled() {
            return cancelled.get();
        }
    }
}
