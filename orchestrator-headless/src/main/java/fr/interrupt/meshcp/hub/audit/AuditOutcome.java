package fr.interrupt.meshcp.hub.audit;

/**
 * How an audited action ended, read from its line: {@code error} means it failed (the sentence is {@code detail}),
 * an exec's {@code state}/{@code exit_code} give "exit N" or the state's words, a detached start is "started".
 *
 * @param succeeded false for a failure, a non-zero exit, a timeout, a cancel or a denial
 * @param words     a word or two for a column ("exit 0", "failed", "timed out", "denied", "ok")
 * @param detail    the error sentence when it failed, else ""
 */
public record AuditOutcome(boolean succeeded, String words, String detail) {
    static AuditOutcome of(AuditEntry entry) {
        String error = entry.detail("error");
        if (error != null) {
            return new AuditOutcome(false, "failed", error);
        }
        String state = entry.detail("state");
        if (entry.action().equals("job_cancel")) {
            return new AuditOutcome(true, state == null ? "ok" : "job " + state, ""); // the cancel worked; the job's state says the rest
        }
        String exit = entry.detail("exit_code");
        if (state != null && state.equals("exited") && exit != null) {
            return new AuditOutcome("0".equals(exit), "exit " + exit, "");
        }
        if (state != null) {
            return new AuditOutcome(false, state, exit == null ? "" : "exit code " + exit);
        }
        if ("true".equals(entry.detail("detached"))) {
            return new AuditOutcome(true, "started", "");
        }
        if (entry.action().equals("deny")) {
            return new AuditOutcome(false, "denied", "");
        }
        return new AuditOutcome(true, "ok", "");
    }
}
