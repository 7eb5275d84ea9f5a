package fr.interrupt.meshcp.bench;

/**
 * Workloads 6 (serve launch to the {@code initialize} answer) and 1 (exec {@code true} through MCP
 * {@code tools/call} from one long-lived client, against {@code ssh h1 true} through its ControlMaster, A B rounds).
 */
final class McpWorkload {
    private static final int WARMUP = 20;

    private McpWorkload() {
    }

    static void run(Context ctx) {
        Scale scale = ctx.scale();
        Samples launches = new Samples(scale.rounds());
        McpSession session = null;
        try {
            for (int r = 0; r < scale.rounds(); r++) {
                if (session != null) {
                    session.close();
                }
                session = McpSession.start(ctx.hubLauncher(), ctx.hub().dataDir(), ctx.commands().env());
                launches.add(session.initializeNanos());
            }
            ctx.table().add(new Row("6", "`serve` launch to the `initialize` answer (" + scale.rounds() + " launches)",
                    Cells.millis(launches.medianMillis()), Cells.millis(launches.p99Millis()), Row.NONE, Row.NONE,
                    "≤ 0.5 s", Row.met(launches.medianMillis() <= 500)));
            execLoop(ctx, session);
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }

    private static void execLoop(Context ctx, McpSession session) {
        Scale scale = ctx.scale();
        boolean ssh = ctx.ssh().missing().isEmpty();
        for (int i = 0; i < WARMUP; i++) {
            session.exec(Context.WEB1, "true");
        }
        if (ssh) {
            ctx.commands().time(ctx.ssh().ssh(1, "true")); // sets up h1's master
        }
        Samples mcp = new Samples(scale.mcpCalls());
        Samples anchor = new Samples(scale.mcpCalls());
        for (int r = 0; r < scale.rounds(); r++) {
            // the calls split over the rounds, the first ones taking the remainder
            int perRound = scale.mcpCalls() / scale.rounds() + (r < scale.mcpCalls() % scale.rounds() ? 1 : 0);
            for (int i = 0; i < perRound; i++) {
                long start = System.nanoTime();
                session.exec(Context.WEB1, "true");
                mcp.add(System.nanoTime() - start);
            }
            for (int i = 0; ssh && i < perRound; i++) {
                anchor.add(ctx.commands().time(ctx.ssh().ssh(1, "true")));
            }
        }
        double p50 = mcp.medianMillis();
        double p99 = mcp.p99Millis();
        String anchorCell = ssh ? Cells.millis(anchor.medianMillis()) + " (ssh via ControlMaster)" : ctx.sshMissing();
        String met = ssh ? Row.met(p50 <= 0.3 * anchor.medianMillis() && p99 <= 2 * p50) : Row.met(p99 <= 2 * p50) + " (p99 only)";
        ctx.table().add(new Row("1", "exec `true` through MCP `tools/call`, one client, " + mcp.count() + " calls",
                Cells.millis(p50), Cells.millis(p99), anchorCell, ssh ? Cells.ratio(p50, anchor.medianMillis()) : Row.NONE,
                "p50 ≤ 0.3×, p99 ≤ 2× own p50", met));
    }
}
