package fr.interrupt.meshcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.proto.agent.v1.FileChunk;
import fr.interrupt.meshcp.proto.agent.v1.ListFilesRequest;
import fr.interrupt.meshcp.proto.agent.v1.ReadFileRequest;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileHeader;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileRequest;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An allowed intermediate directory swapped with a symlink to an outside directory while the real agent (mTLS on
 * loopback) reads and writes through it. The swap is the two renames {@code box -> box.real; box.link -> box} and
 * back, which opens the same window as renameat2(RENAME_EXCHANGE): a check that resolves {@code allowed/box} and a
 * use that resolves it again can land in the outside directory. New parent directories are raced with the real
 * renameat2(RENAME_EXCHANGE) (through JNA), under which box is never missing. Each test is bounded to 1,000 calls and
 * 3 seconds (longer only until one call was served, at most 30 s).
 */
class PathSwapRaceTest {
    private static final int CALLS = 1000;
    private static final int CALLERS = 6;
    private static final long MAX_MILLIS = 3_000;
    private static final long HARD_MAX_MILLIS = 30_000;
    private static final String INSIDE = "inside content";
    private static final String OUTSIDE = "OUTSIDE SECRET";

    @TempDir
    static Path temp;
    private static Path allowed;
    private static Path outside;
    private static AgentFixture agent;

    @BeforeAll
    static void start() throws Exception {
        allowed = Files.createDirectory(temp.resolve("allowed")).toRealPath();
        outside = Files.createDirectory(temp.resolve("outside")).toRealPath();
        agent = new AgentFixture(temp.resolve("creds"), Capabilities.DEFAULT.withFiles(new FilesConfig(true, 1, List.of(allowed))));
        // the TLS connection and the first calls' warm-up, outside the time each test is given
        for (int i = 0; i < 5; i++) {
            agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(allowed.toString()).build());
        }
    }

    @AfterAll
    static void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void writesThroughASwappedDirectoryNeverLandOutsideNorLeaveTempFiles() throws Exception {
        Path box = layout("w");
        AtomicInteger written = new AtomicInteger();

        int swaps = whileSwapping(box, i -> {
            write(box + "/new-" + i + ".txt", ("written " + i).getBytes(StandardCharsets.UTF_8));
            written.incrementAndGet();
        }, () -> written.get() > 0);

        assertThat(swaps).as("swaps during the writes").isPositive();
        assertThat(entries(outside.resolve("w"))).as("files in the outside directory").containsExactly("data.txt");
        assertThat(temps(box)).as("temp files left in the allowed directory").isEmpty();
        assertThat(temps(allowed)).isEmpty();
        assertThat(written.get()).as("writes that went through").isPositive();
    }

    @Test
    void readsThroughASwappedDirectoryNeverReturnOutsideContent() throws Exception {
        Path box = layout("r");
        AtomicInteger outsideReads = new AtomicInteger();
        AtomicInteger insideReads = new AtomicInteger();

        int swaps = whileSwapping(box, i -> {
            String content = read(box + "/data.txt");
            (content.equals(OUTSIDE) ? outsideReads : insideReads).incrementAndGet();
        }, () -> insideReads.get() > 0);

        assertThat(swaps).as("swaps during the reads").isPositive();
        assertThat(outsideReads.get()).as("reads that returned the outside file").isZero();
        assertThat(insideReads.get()).as("reads that returned the allowed file").isPositive();
    }

    @Test
    void listingsThroughASwappedDirectoryNeverShowOutsideNames() throws Exception {
        Path box = layout("l");
        Files.writeString(outside.resolve("l/only-outside.txt"), OUTSIDE);
        AtomicInteger leaks = new AtomicInteger();
        AtomicInteger listed = new AtomicInteger();

        int swaps = whileSwapping(box, i -> {
            List<String> names = agent.blocking().listFiles(ListFilesRequest.newBuilder().setPath(box.toString()).build()).getEntriesList()
                    .stream().map(e -> e.getName()).toList();
            (names.contains("only-outside.txt") ? leaks : listed).incrementAndGet();
        }, () -> listed.get() > 0);

        assertThat(swaps).isPositive();
        assertThat(leaks.get()).as("listings that showed the outside directory").isZero();
        assertThat(listed.get()).as("listings of the allowed directory").isPositive();
    }

    @Test
    void newDirectoriesThroughAnExchangedDirectoryAreNeverMadeOutside() throws Exception {
        Path box = layout("p");
        Exchange exchange = Exchange.load();
        assumeTrue(exchange != null, "renameat2 with RENAME_EXCHANGE is not available here");
        AtomicInteger written = new AtomicInteger();

        int swaps = whileSwapping(box, exchange::twice, i -> {
            write(box + "/sub-" + i + "/deeper/new.txt", ("written " + i).getBytes(StandardCharsets.UTF_8), true);
            written.incrementAndGet();
        }, () -> written.get() > 0);

        assertThat(swaps).isPositive();
        assertThat(entries(outside.resolve("p"))).as("entries in the outside directory").containsExactly("data.txt");
        assertThat(written.get()).as("writes that went through").isPositive();
        try (Stream<Path> tree = Files.walk(allowed)) {
            assertThat(tree.map(Path::toString).filter(name -> name.contains(".meshcp-"))).as("temp files left").isEmpty();
        }
    }

    /**
     * renameat2(2) with RENAME_EXCHANGE (Linux 3.15, glibc 2.28), through JNA: box and its link trade places atomically,
     * so box is never missing and the agent never has a reason to create it.
     */
    interface Exchange extends Library {
        int AT_FDCWD = -100;
        int RENAME_EXCHANGE = 2;

        int renameat2(int oldDirectory, String oldPath, int newDirectory, String newPath, int flags) throws LastErrorException;

        /** The C library's renameat2, or null when it is missing or the file system refuses the exchange. */
        static Exchange load() {
            try {
                Exchange c = Native.load("c", Exchange.class);
                Path probe = Files.createTempDirectory(temp, "probe");
                Path a = Files.createDirectory(probe.resolve("a"));
                Path b = Files.createSymbolicLink(probe.resolve("b"), a);
                c.twice(a, b);
                return c;
            } catch (UnsatisfiedLinkError | LastErrorException | IOException e) {
                return null;
            }
        }

        /** Exchanges box and link, then back. */
        default void twice(Path box, Path link) throws IOException {
            try {
                renameat2(AT_FDCWD, box.toString(), AT_FDCWD, link.toString(), RENAME_EXCHANGE);
                renameat2(AT_FDCWD, box.toString(), AT_FDCWD, link.toString(), RENAME_EXCHANGE);
            } catch (LastErrorException e) {
                throw new IOException("renameat2 failed: errno " + e.getErrorCode(), e);
            }
        }
    }

    /** allowed/NAME (the box, with data.txt), allowed/NAME.link -> outside/NAME (with its own data.txt). */
    private static Path layout(String name) throws IOException {
        Path box = Files.createDirectory(allowed.resolve(name));
        Files.writeString(box.resolve("data.txt"), INSIDE);
        Path away = Files.createDirectory(outside.resolve(name));
        Files.writeString(away.resolve("data.txt"), OUTSIDE);
        Files.createSymbolicLink(allowed.resolve(name + ".link"), away);
        return box;
    }

    /**
     * Makes up to {@value #CALLS} calls (numbered from 0) from {@value #CALLERS} threads, for {@value #MAX_MILLIS} ms (longer,
     * up to {@value #HARD_MAX_MILLIS} ms, until {@code served} holds: on a loaded machine the first calls are slow), while
     * another thread swaps box with its link; returns how many swaps were made. A call the agent refuses (the directory
     * was away, or a symlink to the outside) counts as made: what matters is what never happens.
     */
    private static int whileSwapping(Path box, IntConsumer call, BooleanSupplier served) throws Exception {
        return whileSwapping(box, PathSwapRaceTest::swapByRenames, call, served);
    }

    /** box -> box.real, box.link -> box, and back: box is missing twice per swap, as between the two halves of an exchange. */
    private static void swapByRenames(Path box, Path link) throws IOException {
        Path parked = box.resolveSibling(box.getFileName() + ".real");
        Files.move(box, parked);
        Files.move(link, box);
        Files.move(box, link);
        Files.move(parked, box);
    }

    /** Swaps box and its link there and back. */
    @FunctionalInterface
    interface Swap {
        void there(Path box, Path link) throws IOException;
    }

    private static int whileSwapping(Path box, Swap swap, IntConsumer call, BooleanSupplier served) throws Exception {
        Path link = box.resolveSibling(box.getFileName() + ".link");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    swap.there(box, link);
                    swaps.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException("the swap failed", e);
            }
        }, "swapper");
        long start = System.currentTimeMillis();
        AtomicInteger next = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        swapper.start();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < CALLERS; t++) {
                running.add(callers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < CALLS && inTime(start, served); i = next.getAndIncrement()) {
                        try {
                            call.accept(i);
                        } catch (StatusRuntimeException refused) {
                            // refused: nothing to check here
                        }
                    }
                }));
            }
            for (Future<?> done : running) {
                done.get(HARD_MAX_MILLIS + 30_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            callers.shutdownNow();
            stop.set(true);
            swapper.join(10_000);
        }
        assertThat(Files.isDirectory(box, java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("the swapper ended with the real box in place").isTrue();
        return swaps.get();
    }

    private static boolean inTime(long start, BooleanSupplier served) {
        long elapsed = System.currentTimeMillis() - start;
        return elapsed < MAX_MILLIS || (elapsed < HARD_MAX_MILLIS && !served.getAsBoolean());
    }

    private static String read(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        agent.blocking().readFile(ReadFileRequest.newBuilder().setPath(path).build())
                .forEachRemaining((FileChunk chunk) -> out.writeBytes(chunk.getData().toByteArray()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void write(String path, byte[] content) {
        write(path, content, false);
    }

    private static void write(String path, byte[] content, boolean createParents) {
        try {
            agent.writeFile(List.of(
                    WriteFileRequest.newBuilder().setHeader(WriteFileHeader.newBuilder().setPath(path).setCreateParents(createParents)).build(),
                    WriteFileRequest.newBuilder().setData(ByteString.copyFrom(content)).build()));
        } catch (StatusRuntimeException refused) {
            throw refused;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> entries(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> temps(Path directory) throws IOException {
        return entries(directory).stream().filter(name -> name.contains(".meshcp-")).toList();
    }
}
