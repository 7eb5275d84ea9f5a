package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.hub.policy.FileWritten;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code approve ID}: approves one of Claude's requests and starts its command as a job, or writes its file change. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Approve a request of Claude's ('approvals' lists them) and start its command as a job on its "
                + "machine, under Claude's name; Claude's call (or its job_wait) then follows the job. Audited with your name.",
            "A file change (write_file, edit_file) is written now, as shown by 'approvals --diff ID'; an edit whose text "
                + "is no longer in the file fails and writes nothing."})
final class ApproveCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The request id, as 'approvals' shows it (ap-1a2b3c4d).")
    String id;

    @Option(names = "--for-hour", description = "Also let this exact command run on this machine without asking for the next "
            + "hour (commands only, not file changes).")
    boolean forHour;

    @Override
    public Integer call() {
        try (Hub hub = root.openHub("cli")) {
            if (forHour && hub.approvals().require(id).isFileChange()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--for-hour applies to commands only: "
                        + id.strip() + " is a file change; approve it without --for-hour");
            }
            Approval approval = hub.approvals().approve(id, forHour);
            PrintWriter out = spec.commandLine().getOut();
            if (approval.state() == ApprovalState.FAILED && approval.isFileChange()) {
                spec.commandLine().getErr().println("approve: " + approval.id() + " was approved but nothing was written on "
                        + approval.machine() + ": " + approval.error());
                return CliFactory.EXIT_FAILURE;
            }
            if (approval.state() == ApprovalState.WRITTEN) {
                FileWritten written = approval.written();
                out.println("Approved " + approval.id() + ": wrote " + ByteSizes.format(written.bytesWritten()) + " to "
                        + approval.machine() + ":" + written.path()
                        + (approval.file().isEdit() ? " (" + written.replacements() + " replacement"
                        + (written.replacements() == 1 ? "" : "s") + ")" : "") + "."
                        + (written.writtenInPlace() == null ? "" : " Note: " + written.writtenInPlace() + "."));
                return 0;
            }
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
