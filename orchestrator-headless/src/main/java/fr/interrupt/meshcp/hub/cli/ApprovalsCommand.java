package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.Printable;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code approvals}: Claude's requests that wait for a person (policy mode ask), and recent decisions. */
@Command(name = "approvals", mixinStandardHelpOptions = true,
        description = {"List Claude's requests waiting for a person (machines in policy mode ask), oldest first; "
                + "decide them with 'approve ID' or 'deny ID'. A request expires unapproved after 10 minutes.",
            "With --all, also the requests decided in the last day, newest first. For a file change (write_file, edit_file) "
                + "the last column is its path; --diff ID shows what it would change."})
final class ApprovalsCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Also list decided, expired and withdrawn requests.")
    boolean all;

    @Option(names = "--diff", paramLabel = "ID", description = "Show what the file change ID would do: a unified diff "
            + "against the file as it was when asked (cut at 64 KiB), or \"new file, SIZE\".")
    String diffOf;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            PrintWriter out = spec.commandLine().getOut();
            if (diffOf != null) {
                return printDiff(hub.approvals().require(diffOf), out);
            }
            List<Approval> shown = all ? hub.approvals().list() : hub.approvals().pending();
            if (shown.isEmpty()) {
                out.println(all ? "No approval requests." : "No request waits for approval.");
                return 0;
            }
            Instant now = hub.approvals().now();
            Table table = new Table("ID", "STATE", "MACHINE", "TOOL", "ASKED BY", "ASKED", "EXPIRES", "DECIDED BY", "COMMAND OR PATH");
            for (Approval a : shown) {
                ApprovalState state = a.state(now);
                table.row(a.id(), state.label(), a.machine(), a.tool(), a.caller(), Durations.ago(a.created(), now),
                        state == ApprovalState.PENDING ? Durations.until(a.expires(), now) : "-",
                        a.decidedBy() == null ? "-" : a.decidedBy(),
                        a.isFileChange() ? Printable.of(a.file().path()) : oneLine(a.command()));
            }
            table.print(out);
            return 0;
        }
    }

    private int printDiff(Approval a, PrintWriter out) {
        if (!a.isFileChange()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--diff shows file changes only: " + a.id()
                    + " is a command (" + oneLine(a.command()) + ")");
        }
        out.println(a.tool() + " " + a.machine() + ":" + Printable.of(a.file().path()) + " (" + a.id() + ", asked by "
                + a.caller() + ")");
        out.print(a.file().diff().endsWith("\n") ? a.file().diff() : a.file().diff() + "\n");
        out.flush();
        return 0;
    }

    static String oneLine(String command) {
        String flat = command.replaceAll("\\s+", " ").strip();
        return flat.length() > 80 ? flat.substring(0, 77) + "..." : flat;
    }
}
