package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code approve ID}: approves one of Claude's requests and starts its command as a job. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a request of Claude's ('approvals' lists them) and start its command as a job on its "
                + "machine, under Claude's name; Claude's call (or its job_wait) then follows the job. Audited with your name."})
final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The request id, as 'approvals' shows it (ap-1a2b3c4d).")
    String id;

    @Option(names = "--for-hour", description = "Also let this exact command run on this machine without asking for the next hour.")
    boolean forHour;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            Approval approval = hub.approvals().approve(id, forHour);
            PrintWriter out = spec.commandLine().getOut();
            if (approval.state() == ApprovalState.FAILED) {
                spec.commandLine().getErr().println("approve: " + approval.id() + " was approved but could not start on "
                        + approval.machine() + ": " + approval.error());
                return CliFactory.EXIT_FAILURE;
            }
            out.println("Approved " + approval.id() + ": running on " + approval.machine() + " as job " + approval.job()
                    + (forHour ? " (and allowed without asking for the next hour)" : "") + ".");
            return 0;
        }
    }
}
