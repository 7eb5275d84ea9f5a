package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.shared.text.Durations;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code approvals}: Claude's requests that wait for a person (policy mode ask), and recent decisions. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = {"List Claude's requests waiting for a person (machines in policy mode ask), oldest first; "
                + "decide them with 'approve ID' or 'deny ID'. A request expires unapproved after 10 minutes.",
            "With --all, also the requests decided in the last day, newest first."})
final class ApprovalsCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Also list decided, expired and withdrawn requests.")
    boolean all;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            PrintWriter out = spec.commandLine().getOut();
            List<Approval> shown = all ? hub.approvals().list() : hub.approvals().pending();
            if (shown.isEmpty()) {
                out.println(all ? "No approval requests." : "No request waits for approval.");
                return 0;
            }
            Instant now = hub.approvals().now();
            Table table = new Table("ID", "STATE", "MACHINE", "TOOL", "ASKED BY", "ASKED", "EXPIRES", "DECIDED BY", "COMMAND");
            for (Approval a : shown) {
                ApprovalState state = a.state(now);
                table.row(a.id(), state.label(), a.machine(), a.tool(), a.caller(), Durations.ago(a.created(), now),
                        state == ApprovalState.PENDING ? Durations.until(a.expires(), now) : "-",
                        a.decidedBy() == null ? "-" : a.decidedBy(), oneLine(a.command()));
            }
            table.print(out);
            return 0;
        }
    }

    static String oneLine(String command) {
        String flat = command.replaceAll("\\s+", " ").strip();
        return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
    }
}
