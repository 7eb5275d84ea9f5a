package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.Approval;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code deny ID}: denies one of Claude's requests; Claude's call ends with the reason. */
@Command(name = "deny", mixinStandardHelpOptions = true,
        description = "Deny a request of Claude's ('approvals' lists them): nothing runs, and Claude is told a person at the "
                + "hub denied it, with your reason. Audited with your name.")
final class DenyCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The request id, as 'approvals' shows it (ap-1a2b3c4d).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, in words Claude will read (at most 500 characters).")
    String reason;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            Approval denied = hub.approvals().deny(id, reason);
            spec.commandLine().getOut().println("Denied " + denied.id() + " (" + denied.machine() + (denied.isFileChange() ? ": " : "$ ")
                    + ApprovalsCommand.oneLine(denied.command()) + ").");
            return 0;
        }
    }
}
