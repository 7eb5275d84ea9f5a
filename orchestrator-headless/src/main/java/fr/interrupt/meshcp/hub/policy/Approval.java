package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One request of an MCP caller that waits for a person at the hub, as stored in approvals.json.
 *
 * @param id             "ap-" and 8 hex digits; MCP callers wait on it with job_wait
 * @param tool           the tool that asked ("exec", "write_file", "edit_file")
 * @param command        the exact command line to run; for a file change, a one-line summary ("edit_file /etc/motd")
 * @param timeoutSeconds the command's timeout as asked, or null for the agent's max_timeout_seconds
 * @param env            extra environment variables as asked (values may be secrets: show only the names)
 * @param caller         who asked, as audit.log names callers ("mcp:alice"); the job runs under this name
 * @param rule           the pattern of the policy rule that asked for approval
 * @param state          as stored; read {@link #state(Instant)}, which also says when a pending request expired
 * @param decidedBy      who approved or denied ("cli:alice", "desktop:alice")
 * @param reason         why it was denied, as the person wrote it (may be null)
 * @param job            MACHINE:ID of the job once started
 * @param error          why the approved job could not start, or the approved file change could not be written
 * @param file           the file change asked for (write_file, edit_file), else null
 * @param written        what the approved file change wrote, else null
 */
public record Approval(String id, String machine, String tool, String command,
                       @JsonProperty("timeout_seconds") Long timeoutSeconds,
                       @JsonProperty("working_directory") String workingDirectory, Map<String, String> env,
                       String caller, String rule, Instant created, Instant expires, ApprovalState state,
                       @JsonProperty("decided_by") String decidedBy, @JsonProperty("decided_at") Instant decidedAt,
                       String reason, String job, String error, FileChange file, FileWritten written) {

    public Approval {
        env = env == null ? Map.of() : Map.copyOf(env);
    }

    /** The state at {@code now}: a pending request past its expiry reads as expired. */
    public ApprovalState state(Instant now) {
        return state == ApprovalState.PENDING && !now.isBefore(expires) ? ApprovalState.EXPIRED : state;
    }

    /** True for a file change (write_file, edit_file), which the approver writes itself; false for a command. */
    @JsonIgnore
    public boolean isFileChange() {
        return file != null;
    }

    /** The command to run once approved. */
    @JsonIgnore
    public ExecOptions execOptions() {
        return new ExecOptions(command, timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds), workingDirectory,
                env, 0);
    }

    /** How long it could wait, from creation to expiry. */
    @JsonIgnore
    public Duration lifetime() {
        return Duration.between(created, expires);
    }

    Approval decided(ApprovalState next, String by, Instant at, String why) {
        return new Approval(id, machine, tool, command, timeoutSeconds, workingDirectory, env, caller, rule, created, expires,
                next, by, at, why, job, error, next.isFinal() ? settled() : file, written);
    }

    Approval started(String jobRef) {
        return new Approval(id, machine, tool, command, timeoutSeconds, workingDirectory, env, caller, rule, created, expires,
                ApprovalState.STARTED, decidedBy, decidedAt, reason, jobRef, null, file, written);
    }

    Approval wrote(FileWritten outcome) {
        return new Approval(id, machine, tool, command, timeoutSeconds, workingDirectory, env, caller, rule, created, expires,
                ApprovalState.WRITTEN, decidedBy, decidedAt, reason, null, null, settled(), outcome);
    }

    Approval failed(String why) {
        return new Approval(id, machine, tool, command, timeoutSeconds, workingDirectory, env, caller, rule, created, expires,
                ApprovalState.FAILED, decidedBy, decidedAt, reason, null, why, settled(), written);
    }

    private FileChange settled() {
        return file == null ? null : file.withoutContent();
    }
}
