package fr.interrupt.meshcp.bench;

import java.util.List;

/**
 * Workload 2: one-shot CLI commands as a user types them, whole process with the shipped launcher's JVM options,
 * against {@code ssh h1 true} through its master (for exec) and a JVM hello world (the floor), A B rounds.
 */
final class OneShotWorkload {
    private OneShotWorkload() {
    }

    static void run(Context ctx) {
        boolean ssh = ctx.ssh().missing().isEmpty();
        int rounds = ctx.scale().rounds();
        Samples exec = new Samples(rounds);
        Samples ping = new Samples(rounds);
        Samples machines = new Samples(rounds);
        Samples help = new Samples(rounds);
        Samples sshTrue = new Samples(rounds);
        Samples hello = new Samples(rounds * 2);
        Commands commands = ctx.commands();
        commands.time(ctx.helloWorld()); // the file cache, not the JVM, is warmed
        for (int r = 0; r < rounds; r++) {
            exec.add(commands.time(ctx.hubCommand("exec", Context.WEB1, "--", "true")));
            if (ssh) {
                sshTrue.add(commands.time(ctx.ssh().ssh(1, "true")));
            }
            ping.add(commands.time(ctx.hubCommand("ping", Context.WEB1)));
            hello.add(commands.time(ctx.helloWorld()));
            machines.add(commands.time(ctx.hubCommand("machines")));
            help.add(commands.time(ctx.hubCommand("--help")));
            hello.add(commands.time(ctx.helloWorld()));
        }
        String floor = Cells.millis(hello.medianMillis()) + " (JVM hello world)";
        ctx.table().add(new Row("2a", "one-shot `exec web-1 -- true`, whole process", Cells.millis(exec.medianMillis()),
                Cells.millis(exec.p99Millis()), ssh ? Cells.millis(sshTrue.medianMillis()) + " (ssh via ControlMaster)" : ctx.sshMissing(),
                ssh ? Cells.ratio(exec.medianMillis(), sshTrue.medianMillis()) : Row.NONE, "≤ 0.5 s", Row.met(exec.medianMillis() <= 500)));
        row(ctx, "2b", "one-shot `ping web-1`", ping, floor, hello, Row.NONE, null);
        row(ctx, "2c", "one-shot `machines` (" + machineCount(ctx) + " machines)", machines, floor, hello, Row.NONE, null);
        row(ctx, "2d", "one-shot `--help`", help, floor, hello, "≤ 0.25 s", 250.0);
    }

    private static void row(Context ctx, String id, String what, Samples s, String floor, Samples hello, String target, Double limitMillis) {
        ctx.table().add(new Row(id, what + ", whole process", Cells.millis(s.medianMillis()), Cells.millis(s.p99Millis()), floor,
                Cells.ratio(s.medianMillis(), hello.medianMillis()), target,
                limitMillis == null ? Row.NONE : Row.met(s.medianMillis() <= limitMillis)));
    }

    private static int machineCount(Context ctx) {
        List<?> all = ctx.hub().machines().list();
        return all.size();
    }
}
