package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.FileWritten;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The answers for a write_file or edit_file that waited for a person: in the tool's own result shape when the call
 * itself answers (with state, job_id and note while pending), and in job_wait's (exec's) shape with the tool's result
 * under {@code written} when job_wait answers for its id, so each result matches the output schema of its tool.
 */
final class FileChangeResults {
    private FileChangeResults() {
    }

    /** The schema of {@code state} in write_file's and edit_file's results: present only while a person has to decide. */
    static Map<String, Object> pendingState() {
        return JsonSchemas.oneOf("Set while a person at the hub has to approve: see note.", PolicyGate.PENDING_APPROVAL);
    }

    /** The schema of {@code job_id} in write_file's and edit_file's results. */
    static Map<String, Object> requestId() {
        return JsonSchemas.string(null);
    }

    /** The tool's result shape, nothing written yet, with {@code state}, {@code job_id} (the request id) and {@code note}. */
    static Map<String, Object> pending(Approval approval, String state, String note) {
        Map<String, Object> result = toolShape(approval, new FileWritten(approval.file().path(), 0, null, 0, null));
        result.put("state", state);
        result.put("job_id", approval.id());
        result.put("note", note);
        return result;
    }

    /** What the approved change wrote: the tool's own result for its own call; job_wait's shape with it under written. */
    static McpSchema.CallToolResult written(Approval approval, boolean ownCall, Instant now) {
        FileWritten written = approval.written();
        String text = approval.file().isEdit()
                ? EditTool.text(new EditTool.EditResult(approval.machine(), written.path(), written.replacements(),
                        written.bytesWritten(), written.lineEnds(), written.writtenInPlace()))
                : FileTools.writeText(new FileTools.WriteFileResult(approval.machine(), written.path(), written.bytesWritten(),
                        written.writtenInPlace()));
        String said = "approved by " + approval.decidedBy() + "; " + text;
        if (ownCall) {
            return ToolResults.success(toolShape(approval, written), said);
        }
        Map<String, Object> result = new JobViews.JobResult(approval.id(), approval.machine(), approval.command(),
                ExecState.EXITED, 0, Math.max(0, Duration.between(approval.created(), now).toMillis()), "", "", 0, 0, true,
                false, null, said).structured();
        result.put("written", toolShape(approval, written));
        return ToolResults.success(result, said);
    }

    private static Map<String, Object> toolShape(Approval approval, FileWritten written) {
        if (approval.file().isEdit()) {
            return new EditTool.EditResult(approval.machine(), written.path(), written.replacements(), written.bytesWritten(),
                    written.lineEnds(), written.writtenInPlace()).structured();
        }
        return new FileTools.WriteFileResult(approval.machine(), written.path(), written.bytesWritten(),
                written.writtenInPlace()).structured();
    }
}
