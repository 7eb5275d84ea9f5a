package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent changes written together: every one lands, in a consistent order, and a refused one fails alone. */
class GroupCommitTest {
    public record Names(List<String> names) {
        public Names {
            names = names == null ? List.of() : List.copyOf(names);
        }

        Names plus(String name) {
            if (names.contains(name)) {
                throw new MeshcpException(MeshcpException.Kind.CONFLICT, name + " is already there");
            }
            List<String> next = new ArrayList<>(names);
            next.add(name);
            return new Names(next);
        }
    }

    @TempDir
    Path dir;

    private JsonStateFile<Names> file() {
        return new JsonStateFile<>(dir.resolve("names.json"), Names.class, () -> new Names(List.of()), Json.mapper());
    }

    private List<Future<Names>> atOnce(ExecutorService pool, GroupCommit<Names> commit, List<String> names) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Names>> results = new ArrayList<>();
        for (String name : names) {
            results.add(pool.submit(() -> {
                go.await();
                return commit.update(current -> current.plus(name));
            }));
        }
        go.countDown();
        return results;
    }

    @Test
    void everyConcurrentChangeLandsAndEachCallerSeesItsOwnChange() throws Exception {
        GroupCommit<Names> commit = new GroupCommit<>(file());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            names.add("n" + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            List<Future<Names>> results = atOnce(pool, commit, names);
            for (int i = 0; i < names.size(); i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS).names()).contains(names.get(i));
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(file().read().names()).containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void aRefusedChangeFailsOnlyItsCallerAndTheOthersAreWritten() throws Exception {
        GroupCommit<Names> commit = new GroupCommit<>(file());
        List<String> names = List.of("a", "b", "a", "c", "a");
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        int refused = 0;
        try {
            for (Future<Names> result : atOnce(pool, commit, names)) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(MeshcpException.class).hasMessage("a is already there");
                    refused++;
                }
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(refused).isEqualTo(2);
        assertThat(file().read().names()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aChangeThatAloneIsRefusedWritesNothing() {
        JsonStateFile<Names> file = file();
        GroupCommit<Names> commit = new GroupCommit<>(file);
        commit.update(current -> current.plus("a"));
        long written = file.lastModifiedMillis();

        assertThatThrownBy(() -> commit.update(current -> current.plus("a"))).hasMessage("a is already there");
        assertThat(file.lastModifiedMillis()).isEqualTo(written);
        assertThat(file.read().names()).containsExactly("a");
    }

    @Test
    void twoCommittersOnOneFileAsTwoProcessesWouldLoseNothing() throws Exception {
        GroupCommit<Names> first = new GroupCommit<>(file());
        GroupCommit<Names> second = new GroupCommit<>(file());
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Names>> all = new ArrayList<>(atOnce(pool, first, List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9")));
            all.addAll(atOnce(pool, second, List.of("b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9")));
            for (Future<Names> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(file().read().names()).hasSize(20);
    }
}
