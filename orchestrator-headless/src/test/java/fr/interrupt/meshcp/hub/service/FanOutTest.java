package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.MeshcpException;
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
}
