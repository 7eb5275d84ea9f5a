package fr.interrupt.meshcp.bench;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.FanOut;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Workloads 7 (N enrollments at once: key, CSR, signing, then the hub's first mTLS call to each) and 4 (exec
 * {@code uname -a} on the N agents at once through the hub's service layer, first round on new connections and warm,
 * against N ssh in parallel setting up their masters and through live masters; Ansible where installed).
 */
final class FleetWorkload {
    private static final ExecOptions UNAME = ExecOptions.of("uname -a");

    private FleetWorkload() {
    }

    static void run(Context ctx) throws Exception {
        int n = ctx.scale().fleetSize();
        try (AgentFleet fleet = AgentFleet.start(ctx.hub(), ctx.enrollmentUrl(), "fleet", n, ctx.work().resolve("fleet"))) {
            long cpu = AgentFleetMain.processCpuNanos();
            long firstCalls = pingAll(ctx.hub(), fleet.names());
            cpu = AgentFleetMain.processCpuNanos() - cpu;
            double millis = (fleet.enrollNanos() + firstCalls) / 1e6;
            double rate = n / (millis / 1000);
            String retried = fleet.retried() == 0 ? "" : "; " + fleet.retried() + " tried twice after a failure such as a connect timeout";
            String split = "; enrollments " + Cells.millis(fleet.enrollNanos() / 1e6) + " (CPU: agents " + Cells.millis(fleet.agentsCpuNanos() / 1e6)
                    + ", hub " + Cells.millis(fleet.hubCpuNanos() / 1e6) + "), first calls " + Cells.millis(firstCalls / 1e6) + " (hub CPU "
                    + Cells.millis(cpu / 1e6) + ")";
            ctx.table().add(new Row("7", n + " enrollments at once (key, CSR, sign; then the hub's first mTLS call to each" + retried + split + ")",
                    Cells.millis(millis) + " (" + Cells.perSecond(rate) + ")", Row.NONE, Row.NONE, Row.NONE, "≥ 50 /s",
                    Row.met(rate >= 50)));
            fanOut(ctx, fleet.names());
        }
    }

    private static void fanOut(Context ctx, List<String> names) throws Exception {
        boolean ssh = ctx.ssh().missing().isEmpty() && ctx.ssh().hosts() >= names.size();
        int rounds = ctx.scale().rounds();
        Samples first = new Samples(rounds);
        Samples sshFirst = new Samples(rounds);
        for (int r = 0; r < rounds; r++) {
            try (Hub fresh = Hub.open(ctx.hub().dataDir(), "bench:first-round")) {
                first.add(timeRunMany(fresh, names));
            }
            if (ssh) {
                parallel(ctx, names.size(), h -> ctx.ssh().exitMaster(h), false);
                sshFirst.add(parallel(ctx, names.size(), h -> ctx.ssh().ssh(h, "uname", "-a"), true));
            }
        }
        Samples warm = new Samples(rounds * 3);
        Samples sshWarm = new Samples(rounds * 3);
        timeRunMany(ctx.hub(), names);
        for (int r = 0; r < rounds * 3; r++) {
            warm.add(timeRunMany(ctx.hub(), names));
            if (ssh) {
                sshWarm.add(parallel(ctx, names.size(), h -> ctx.ssh().ssh(h, "uname", "-a"), true));
            }
        }
        String missing = ssh ? "" : ctx.ssh().missing().orElse("skipped: fewer ssh hosts than agents");
        int n = names.size();
        ctx.table().add(new Row("4a", "exec `uname -a` on " + n + " agents at once (hub service layer), first round (new TLS to each)",
                Cells.millis(first.medianMillis()), Cells.millis(first.p99Millis()),
                ssh ? Cells.millis(sshFirst.medianMillis()) + " (" + n + " ssh setting up masters)" : missing,
                ssh ? Cells.ratio(first.medianMillis(), sshFirst.medianMillis()) : Row.NONE, "≤ 0.5×",
                ssh ? Row.met(first.medianMillis() <= 0.5 * sshFirst.medianMillis()) : Row.NONE));
        ctx.table().add(new Row("4b", "exec `uname -a` on " + n + " agents at once (hub service layer), warm",
                Cells.millis(warm.medianMillis()), Cells.millis(warm.p99Millis()),
                ssh ? Cells.millis(sshWarm.medianMillis()) + " (" + n + " ssh via live masters)" : missing,
                ssh ? Cells.ratio(warm.medianMillis(), sshWarm.medianMillis()) : Row.NONE, "≤ 0.3×",
                ssh ? Row.met(warm.medianMillis() <= 0.3 * sshWarm.medianMillis()) : Row.NONE));
        ctx.table().add(ansible(ctx, names.size(), warm, ssh));
    }

    private static Row ansible(Context ctx, int n, Samples warm, boolean ssh) {
        String anchor;
        String ratio = Row.NONE;
        if (!Commands.installed("ansible")) {
            anchor = "not installed";
        } else if (!ssh) {
            anchor = ctx.ssh().missing().orElse("skipped");
        } else {
            StringBuilder inventory = new StringBuilder();
            for (int h = 1; h <= n; h++) {
                inventory.append('h').append(h).append(',');
            }
            long nanos = ctx.commands().time(List.of("ansible", "all", "-i", inventory.toString(), "-m", "command", "-a", "uname -a",
                    "-f", String.valueOf(n), "-e", "ansible_ssh_common_args='-F " + ctx.ssh().config() + "'"), null, null, 300);
            anchor = Cells.millis(nanos / 1e6) + " (ansible -m command -f " + n + ")";
            ratio = Cells.ratio(warm.medianMillis(), nanos / 1e6);
        }
        return new Row("4c", "exec `uname -a` on " + n + " agents at once, warm, against Ansible ad-hoc",
                Cells.millis(warm.medianMillis()), Cells.millis(warm.p99Millis()), anchor, ratio, Row.NONE, Row.NONE);
    }

    /** The hub's service-layer fan-out to every name at once; fails unless each exited 0. */
    private static long timeRunMany(Hub hub, List<String> names) {
        long start = System.nanoTime();
        List<FanOut.Each<ExecOutcome>> results = hub.exec().runMany(names, UNAME, ExecListener.IGNORE, names.size());
        long nanos = System.nanoTime() - start;
        for (FanOut.Each<ExecOutcome> each : results) {
            if (!each.ok() || !each.value().succeeded()) {
                throw new IllegalStateException("uname -a failed on " + each.machine() + ": "
                        + (each.ok() ? each.value().summary() : each.error().getMessage()));
            }
        }
        return nanos;
    }

    /** The first call to each machine, all at once: the hub opens N mTLS connections. */
    private static long pingAll(Hub hub, List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(names.size());
        try {
            long start = System.nanoTime();
            List<Future<?>> pings = new ArrayList<>();
            for (String name : names) {
                pings.add(pool.submit(() -> {
                    try {
                        return hub.machines().ping(name);
                    } catch (RuntimeException missedTheDeadline) { // once: a loaded machine can miss the 5 s deadline
                        return hub.machines().ping(name);
                    }
                }));
            }
            for (Future<?> ping : pings) {
                ping.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }

    private interface HostCommand {
        List<String> of(int host);
    }

    /** Runs the command for hosts 1..n at once and returns the wall time until the last ended. */
    private static long parallel(Context ctx, int n, HostCommand command, boolean mustSucceed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            long start = System.nanoTime();
            List<Future<?>> all = new ArrayList<>();
            for (int h = 1; h <= n; h++) {
                int host = h;
                all.add(pool.submit(() -> {
                    Commands own = new Commands(ctx.work().resolve("ssh-" + host + ".err"), java.util.Map.of());
                    try {
                        own.time(command.of(host), null, null, 120);
                    } catch (IllegalStateException e) {
                        if (mustSucceed) {
                            throw e;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
            return System.nanoTime() - start;
        } finally {
            pool.shutdownNow();
        }
    }
}
