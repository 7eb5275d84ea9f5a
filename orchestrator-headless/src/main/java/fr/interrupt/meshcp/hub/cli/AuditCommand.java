package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.audit.AuditEntry;
import fr.interrupt.meshcp.hub.audit.AuditQuery;
import fr.interrupt.meshcp.hub.audit.AuditReader;
import fr.interrupt.meshcp.hub.audit.AuditTail;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit}: the last lines of the hub's audit.log, filtered, optionally followed as the file grows. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Show who did what on which machine: the last lines of the hub's audit.log (DATA_DIR/audit.log), "
                + "oldest first, with the caller (cli:USER, desktop:USER, mcp:USER for Claude), the action, the machine and "
                + "how it ended.",
            "With --follow, keep printing lines as they are appended (rotation is noticed) until Ctrl-C. Malformed lines "
                + "are skipped and counted on stderr."})
final class AuditCommand implements Callable<Integer> {
    /** How often --follow looks for new lines. */
    static final Duration FOLLOW_EVERY = Duration.ofMillis(500);
    private static final String LINE = "%-20s  %-16s  %-14s  %-16s  %-9s  %s";

    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--machine"}, paramLabel = "NAME", description = "Only lines about this machine.")
    String machine;
    @Option(names = {"-c", "--caller"}, paramLabel = "CALLER", description = "Only this caller (mcp:alice) or face (cli, desktop, mcp).")
    String caller;
    @Option(names = {"-a", "--action"}, paramLabel = "ACTION", description = "Only this action (exec, write_file, enroll, "
            + "remove, token-create, approve...), or mcp for every tool call of Claude's.")
    String action;
    @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "How many of the last matching lines, 1 to "
            + AuditReader.MAX_ENTRIES + " (default: ${DEFAULT-VALUE}).")
    int count;
    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        if (count < 1 || count > AuditReader.MAX_ENTRIES) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be 1 to " + AuditReader.MAX_ENTRIES + ", not " + count);
        }
        AuditQuery query = new AuditQuery(machine, caller, action);
        PrintWriter out = spec.commandLine().getOut();
        try (Hub hub = root.openHub("cli"); AuditTail tail = hub.audit().tail(query, count)) {
            List<AuditEntry> first = poll(hub, tail).entries();
            if (json.enabled && !follow) {
                Map<String, Object> document = new LinkedHashMap<>();
                document.put("file", hub.audit().path().toString());
                document.put("entries", first.stream().map(AuditCommand::json).toList());
                document.put("skipped_lines", tail.skippedLines());
                JsonOutput.print(out, document);
                return 0;
            }
            if (first.isEmpty() && !follow && !json.enabled) {
                out.println(query.isAll() ? "No audit lines yet in " + hub.audit().path() + "." : "No audit line matches.");
            } else if (!json.enabled) {
                out.println(String.format(Locale.ROOT, LINE, "TIME (UTC)", "CALLER", "ACTION", "MACHINE", "OUTCOME", "WHAT").stripTrailing());
            }
            print(first, out);
            long skipped = tail.skippedLines();
            while (follow && !Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(FOLLOW_EVERY.toMillis());
                } catch (InterruptedException e) {
                    break; // Ctrl-C in a shell ends the JVM; in-process callers stop following this way
                }
                print(poll(hub, tail).entries(), out);
            }
            if (skipped > 0) {
                spec.commandLine().getErr().println("audit: skipped " + skipped + " malformed line" + (skipped == 1 ? "" : "s")
                        + " in " + hub.audit().path());
            }
            return 0;
        }
    }

    private static AuditTail.Batch poll(Hub hub, AuditTail tail) {
        try {
            return tail.poll();
        } catch (IOException e) {
            throw hub.audit().unreadable(e);
        }
    }

    private void print(List<AuditEntry> entries, PrintWriter out) {
        for (AuditEntry entry : entries) {
            if (json.enabled) {
                JsonOutput.printLine(out, json(entry));
            } else {
                out.println(text(entry));
            }
        }
        out.flush();
    }

    /** One line per entry, fixed columns so --follow prints as it reads; hostile text is made printable. */
    static String text(AuditEntry entry) {
        String outcome = entry.outcome().words();
        return String.format(Locale.ROOT, LINE, TimeText.utcSeconds(entry.time()), Printable.of(entry.caller(), 40),
                Printable.of(entry.action(), 40), entry.machine() == null ? "-" : Printable.of(entry.machine(), 63),
                Printable.of(outcome, 20), ApprovalsCommand.oneLine(Printable.of(entry.subject()))).stripTrailing();
    }

    /** The --json shape of an entry (docs/CLI-JSON.md). */
    static Map<String, Object> json(AuditEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("time", entry.time().toString());
        map.put("caller", entry.caller());
        map.put("action", entry.action());
        map.put("machine", entry.machine());
        map.put("outcome", entry.outcome().words());
        map.put("succeeded", entry.outcome().succeeded());
        map.put("job", entry.job().map(Object::toString).orElse(null));
        map.put("details", entry.details());
        return map;
    }
}
