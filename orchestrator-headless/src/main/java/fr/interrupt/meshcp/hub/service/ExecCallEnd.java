package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The receiving half shared by a foreground command's calls (Exec and ExecSession): forwards each event to the
 * listener, remembers the job and the result, and ends the call once, with one outcome and one "exec" audit line
 * (the command, the call's own flags such as stdin or pty, and how it ended or why it failed).
 */
final class ExecCallEnd {
    private final Machine machine;
    private final String command;
    private final Map<String, Object> auditFlags;
    private final AuditLog audit;
    private final ExecListener listener;
    private final CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private volatile boolean cancelRequested;
    private volatile String jobId = "";
    private ExecResult result;

    ExecCallEnd(Machine machine, String command, Map<String, Object> auditFlags, AuditLog audit, ExecListener listener) {
        this.machine = machine;
        this.command = command;
        this.auditFlags = auditFlags;
        this.audit = audit;
        this.listener = listener;
    }

    CompletableFuture<ExecOutcome> outcome() {
        return outcome;
    }

    /** The caller cancelled: the error that follows ends the call as CANCELLED, not as a failure. */
    void cancelRequested() {
        cancelRequested = true;
    }

    void onEvent(ExecEvent event) {
        ExecWire.deliver(event, machine.name(), listener);
        if (event.hasJob()) {
            jobId = event.getJob().getId();
        } else if (event.hasResult()) {
            result = event.getResult();
        }
    }

    void onError(Throwable t) {
        if (cancelRequested) {
            finish(new ExecOutcome(machine.name(), jobId, ExecState.CANCELLED, -1, 0,
                    Duration.ofNanos(System.nanoTime() - startedNanos), false, 0));
            return;
        }
        MeshcpException error = AgentErrors.translate(t, machine);
        Map<String, Object> details = details();
        details.put("error", error.getMessage());
        audit.record("exec", machine.name(), details);
        outcome.completeExceptionally(error);
    }

    void onCompleted() {
        if (result == null) {
            onError(io.grpc.Status.INTERNAL.withDescription("the agent ended the command without a result").asRuntimeException());
            return;
        }
        finish(ExecService.outcome(machine.name(), result));
    }

    private void finish(ExecOutcome done) {
        Map<String, Object> details = details();
        if (!done.jobId().isEmpty()) {
            details.put("job", done.jobId());
        }
        details.put("state", done.state().label());
        details.put("exit_code", done.exitCode());
        details.put("duration_ms", done.duration().toMillis());
        if (done.timedOut()) {
            details.put("timed_out", true);
        }
        if (done.cancelled()) {
            details.put("cancelled", true);
        }
        audit.record("exec", machine.name(), details);
        outcome.complete(done);
    }

    private Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", command);
        details.putAll(auditFlags);
        return details;
    }
}
