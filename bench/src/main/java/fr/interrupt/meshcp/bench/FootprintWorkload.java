package fr.interrupt.meshcp.bench;

import java.io.IOException;

/**
 * Workload 5: the agent's cold start (built launcher, shipped JVM options) to its port open, against a JVM hello world,
 * A B rounds; then its memory: RSS after being left idle (30 s in the full run) and web-1's after the other workloads,
 * against sshd's proportional memory per connection.
 */
final class FootprintWorkload {
    private final AgentProcess idle;
    private final long idleSince;

    private FootprintWorkload(AgentProcess idle, long idleSince) {
        this.idle = idle;
        this.idleSince = idleSince;
    }

    /** Measures the cold starts of {@code idle} (left running after the last) and adds row 5a. */
    static FootprintWorkload coldStarts(Context ctx, AgentProcess idle) throws IOException, InterruptedException {
        int rounds = ctx.scale().rounds();
        Samples starts = new Samples(rounds);
        Samples hello = new Samples(rounds);
        ctx.commands().time(ctx.helloWorld());
        for (int r = 0; r < rounds; r++) {
            if (r > 0) {
                idle.stop();
            }
            starts.add(idle.start());
            hello.add(ctx.commands().time(ctx.helloWorld()));
        }
        ctx.table().add(new Row("5a", "agent launch to its port open (shipped launcher)", Cells.millis(starts.medianMillis()),
                Cells.millis(starts.p99Millis()), Cells.millis(hello.medianMillis()) + " (JVM hello world)",
                Cells.ratio(starts.medianMillis(), hello.medianMillis()), "≤ 0.5 s", Row.met(starts.medianMillis() <= 500)));
        return new FootprintWorkload(idle, System.nanoTime());
    }

    /** Adds rows 5b and 5c: waits until the idle agent has been left alone for the scale's idle time. */
    void memory(Context ctx) throws InterruptedException {
        long idleNanos = ctx.scale().idleSeconds() * 1_000_000_000L - (System.nanoTime() - idleSince);
        if (idleNanos > 0) {
            Thread.sleep(idleNanos / 1_000_000); // the measurement is memory after this much idle time
        }
        long idleSeconds = (System.nanoTime() - idleSince) / 1_000_000_000L;
        double sshd = ctx.ssh().missing().isEmpty() ? ctx.ssh().pssPerConnectionMiB() : -1;
        String anchor = sshd > 0 ? String.format(java.util.Locale.ROOT, "%.1f MiB", sshd) + " (sshd Pss per connection)"
                : ctx.ssh().missing().orElse("no sshd connection to measure");
        double idleRss = idle.rssMiB();
        ctx.table().add(new Row("5b", "agent RSS idle (" + idleSeconds + " s after start, no call)", Cells.mib(idleRss), Row.NONE,
                anchor, sshd > 0 ? Cells.ratio(idleRss, sshd) : Row.NONE, "≤ 60 MB (57 MiB)", Row.met(idleRss * 1048576 <= 60e6)));
        double web = ctx.web1().rssMiB();
        ctx.table().add(new Row("5c", "agent RSS after the workloads (web-1: exec, MCP, transfers)", Cells.mib(web), Row.NONE,
                anchor, sshd > 0 ? Cells.ratio(web, sshd) : Row.NONE, Row.NONE, Row.NONE));
    }
}
