package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.RegistryFile;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Workload 8: a hub whose registry holds 10,000 machines (full run; all offline: their loopback port refuses) against
 * one with 100: {@code token create}, {@code token list} and {@code machines} as whole processes, and the snapshot
 * the desktop's table renders (in this JVM, the first refresh of a newly opened hub), A B rounds. A command past the
 * scale's limit is reported as "> N s".
 */
final class RegistryWorkload {
    private RegistryWorkload() {
    }

    static void run(Context ctx) throws IOException {
        Scale scale = ctx.scale();
        int refusedPort = LoopbackPorts.free();
        Path large = hubWith(ctx.work().resolve("registry-large"), scale.registryLarge(), refusedPort);
        Path small = hubWith(ctx.work().resolve("registry-small"), scale.registryAnchor(), refusedPort);
        int rounds = scale.rounds() > 1 ? 2 : 1;
        String[][] commands = {{"token", "list"}, {"machines"}};
        Samples[] largeCli = {new Samples(rounds), new Samples(rounds), new Samples(rounds)};
        Samples[] smallCli = {new Samples(rounds), new Samples(rounds), new Samples(rounds)};
        Samples largeDesktop = new Samples(rounds);
        Samples smallDesktop = new Samples(rounds);
        for (int r = 0; r < rounds; r++) {
            largeCli[0].add(timed(ctx, ctx.hubCommand(large, "token", "create", "bench-" + r, "--ttl", "1h", "-q")));
            smallCli[0].add(timed(ctx, ctx.hubCommand(small, "token", "create", "bench-" + r, "--ttl", "1h", "-q")));
            for (int c = 0; c < commands.length; c++) {
                largeCli[c + 1].add(timed(ctx, ctx.hubCommand(large, commands[c])));
                smallCli[c + 1].add(timed(ctx, ctx.hubCommand(small, commands[c])));
            }
            largeDesktop.add(snapshot(large, scale.slowLimitSeconds()));
            smallDesktop.add(snapshot(small, scale.slowLimitSeconds()));
        }
        String[] names = {"`token create`", "`token list`", "`machines`"};
        for (int c = 0; c < names.length; c++) {
            ctx.table().add(row(ctx, "8" + (char) ('a' + c), names[c] + ", whole process", largeCli[c], smallCli[c]));
        }
        ctx.table().add(row(ctx, "8d", "desktop table refresh (the snapshot it renders, first refresh, in-process)", largeDesktop,
                smallDesktop));
    }

    private static Row row(Context ctx, String id, String what, Samples large, Samples small) {
        Scale scale = ctx.scale();
        long limit = scale.slowLimitSeconds() * 1000L;
        String largeCell = large.medianMillis() >= limit ? "> " + scale.slowLimitSeconds() + " s" : Cells.millis(large.medianMillis());
        return new Row(id, String.format(Locale.ROOT, "%s with %,d machines in the registry", what, scale.registryLarge()),
                largeCell, Cells.millis(large.p99Millis()),
                Cells.millis(small.medianMillis()) + String.format(Locale.ROOT, " (%,d machines)", scale.registryAnchor()),
                Cells.ratio(large.medianMillis(), small.medianMillis()), "≤ 2×",
                Row.met(large.medianMillis() <= 2 * small.medianMillis()));
    }

    /** A command's time; one that runs past the limit counts as the limit (the table then says "> N s"). */
    private static long timed(Context ctx, List<String> command) {
        try {
            return ctx.commands().time(command, null, null, ctx.scale().slowLimitSeconds());
        } catch (IllegalStateException e) {
            if (e.getMessage().startsWith("gave up after")) {
                return TimeUnit.SECONDS.toNanos(ctx.scale().slowLimitSeconds());
            }
            throw e;
        }
    }

    private static long snapshot(Path dataDir, int limitSeconds) {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Hub hub = Hub.open(dataDir, "bench:desktop")) {
            long start = System.nanoTime();
            Future<?> snapshot = thread.submit(() -> hub.machines().snapshot());
            snapshot.get(limitSeconds, TimeUnit.SECONDS);
            return System.nanoTime() - start;
        } catch (TimeoutException e) {
            return TimeUnit.SECONDS.toNanos(limitSeconds);
        } catch (ExecutionException e) {
            throw new IllegalStateException("snapshot failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            thread.shutdownNow();
        }
    }

    /**
     * A new hub data dir (CA and credentials made by {@link Hub#open}) whose registry holds {@code count} machines
     * named m-00001..., all at 127.0.0.1:refusedPort, written in one atomic update through the registry's own file.
     */
    private static Path hubWith(Path dataDir, int count, int refusedPort) {
        Hub.open(dataDir, "bench:setup").close();
        SplittableRandom random = new SplittableRandom(count);
        Instant now = Instant.now();
        List<Machine> machines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            byte[] serial = new byte[16];
            byte[] sha = new byte[32];
            random.nextBytes(serial);
            random.nextBytes(sha);
            machines.add(new Machine(String.format(Locale.ROOT, "m-%05d", i), "127.0.0.1", refusedPort,
                    new java.math.BigInteger(1, serial).toString(16), HexFormat.of().formatHex(sha), "m" + i, "linux", "amd64",
                    "0.1.0", now, null));
        }
        new JsonStateFile<>(new HubPaths(dataDir).registry(), RegistryFile.class, RegistryFile::empty, Json.mapper())
                .update(current -> new RegistryFile(1, machines, List.of()));
        return dataDir;
    }
}
