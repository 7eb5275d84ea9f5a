package fr.interrupt.meshcp.hub.service;

import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A unary gRPC call on an async stub as a future, so fan-outs hold no thread while an agent answers. */
final class UnaryCalls {
    private UnaryCalls() {
    }

    /** Starts the call ({@code start} passes the observer to the stub) and completes with its one answer or failure. */
    static <T> CompletableFuture<T> call(Consumer<StreamObserver<T>> start) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        try {
            start.accept(new StreamObserver<>() {
                @Override
                public void onNext(T value) {
                    answer.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    answer.completeExceptionally(new IllegalStateException("the agent ended the call without an answer"));
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    /** The failure of a call for {@link AgentErrors}: a MeshcpException as it is, anything else translated for machine. */
    static fr.interrupt.meshcp.hub.MeshcpException failure(Throwable failure, fr.interrupt.meshcp.hub.registry.Machine machine) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof fr.interrupt.meshcp.hub.MeshcpException m ? m : AgentErrors.translate(t, machine);
    }
}
