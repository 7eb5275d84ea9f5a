package fr.interrupt.meshcp.agent.server;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Sends a server stream from a worker thread with gRPC flow control: {@link #send} waits while the client is not
 * ready for more, so a fast producer is slowed to its reader instead of filling the agent's memory.
 * Must be made inside the service method (that is where gRPC accepts the ready and cancel handlers).
 */
final class StreamSender<T> {
    private final ServerCallStreamObserver<T> call;
    private final Object lock = new Object();
    private boolean cancelled;
    private boolean closed;
    private Runnable onCancel;

    StreamSender(StreamObserver<T> observer) {
        this.call = (ServerCallStreamObserver<T>) observer;
        call.setOnReadyHandler(this::readyChanged);
        call.setOnCancelHandler(this::cancelledByClient);
    }

    /** Runs task when the client cancels; at once if it already has. */
    void onCancel(Runnable task) {
        boolean runNow;
        synchronized (lock) {
            onCancel = task;
            runNow = cancelled;
        }
        if (runNow) {
            task.run();
        }
    }

    /** Sends one message, waiting for the client to be ready; false when the call is over (cancelled or closed). */
    boolean send(T message) {
        synchronized (lock) {
            while (!cancelled && !closed && !call.isReady()) {
                try {
                    lock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            if (cancelled || closed) {
                return false;
            }
            try {
                call.onNext(message);
                return true;
            } catch (RuntimeException e) {
                // The call ended underneath us (e.g. cancelled between the check and the send).
                cancelled = true;
                return false;
            }
        }
    }

    void complete() {
        synchronized (lock) {
            if (!cancelled && !closed) {
                closed = true;
                call.onCompleted();
            }
        }
    }

    void fail(Status status) {
        synchronized (lock) {
            if (!cancelled && !closed) {
                closed = true;
                call.onError(status.asRuntimeException());
            }
        }
    }

    private void readyChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void cancelledByClient() {
        Runnable task;
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
            task = onCancel;
        }
        if (task != null) {
            task.run();
        }
    }
}
