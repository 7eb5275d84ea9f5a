package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.AgentErrors;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.CompletableFuture;

/**
 * One unary agent call as a future: completes with the answer, or exceptionally with the
 * {@link AgentErrors} sentence; {@link #cancel()} cancels the RPC itself, not just the future.
 */
final class AgentCall<Q, T> implements ClientResponseObserver<Q, T> {
    private final Machine machine;
    private final CompletableFuture<T> answer = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<Q> call;
    private T value;

    AgentCall(Machine machine) {
        this.machine = machine;
    }

    CompletableFuture<T> answer() {
        return answer;
    }

    void cancel() {
        ClientCallStreamObserver<Q> c = call;
        if (c != null) {
            c.cancel("no longer needed", null);
        }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.call = requestStream;
    }

    @Override
    public void onNext(T next) {
        value = next;
    }

    @Override
    public void onError(Throwable t) {
        answer.completeExceptionally(AgentErrors.translate(t, machine));
    }

    @Override
    public void onCompleted() {
        answer.complete(value);
    }
}
