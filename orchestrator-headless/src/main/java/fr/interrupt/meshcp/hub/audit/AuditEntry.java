package fr.interrupt.meshcp.hub.audit;

import fr.interrupt.meshcp.hub.jobs.JobRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One line of audit.log as every face shows it: when, who ({@code caller}, "cli:alice", "desktop:bob", "mcp:alice"),
 * what ({@code action}: "exec", "write_file", "enroll", "mcp:exec"...), on which machine (null for hub-wide actions
 * such as policy changes) and the line's other fields as text ({@code details}, in file order).
 *
 * @param time    when {@link AuditLog} wrote the line (the hub's clock, UTC)
 * @param caller  the face and the user, as {@link AuditLog} names them; never null (empty when the line had none)
 * @param action  never null (empty when the line had none)
 * @param machine null when the line names no machine
 * @param details every other field, scalar values as text and nested values as JSON text
 */
public record AuditEntry(Instant time, String caller, String action, String machine, Map<String, String> details) {
    /** The details that say best what was acted on, first present wins: the command, the path, the policy pattern, the address
     * an agent enrolled with, the labels set, the token, the approval, the job cancelled... */
    private static final List<String> SUBJECT_FIELDS = List.of("command", "path", "pattern", "tool", "address", "set",
            "token", "approval", "job");

    public AuditEntry {
        caller = caller == null ? "" : caller;
        action = action == null ? "" : action;
        details = Map.copyOf(details);
    }

    /** The face part of the caller: "cli", "desktop", "mcp" (the text before ':'), or the whole caller. */
    public String face() {
        int colon = caller.indexOf(':');
        return colon < 0 ? caller : caller.substring(0, colon);
    }

    /** The detail field {@code name}, or null. */
    public String detail(String name) {
        return details.get(name);
    }

    /** An exec or job start that recorded its job id: the job to open while the agent still keeps it (60 min by default). */
    public Optional<JobRef> job() {
        String id = details.get("job");
        if (machine == null || id == null || id.isEmpty() || !action.endsWith("exec")) {
            return Optional.empty();
        }
        try {
            fr.interrupt.meshcp.shared.MachineName.require(machine);
            return Optional.of(new JobRef(machine, id));
        } catch (RuntimeException e) {
            return Optional.empty(); // a hand-edited or hostile line: show it, but never act on it
        }
    }

    /** What the action was about ("uname -a", "/etc/hosts", "web-*"), or "" when the line says nothing more. */
    public String subject() {
        for (String field : SUBJECT_FIELDS) {
            String value = details.get(field);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    /** How it ended, as a word or two for a column: "failed", "exit 0", "exit 2", "timed out", "started", "ok". */
    public AuditOutcome outcome() {
        return AuditOutcome.of(this);
    }
}
