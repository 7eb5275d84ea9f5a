package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalService;
import fr.interrupt.meshcp.hub.policy.ApprovalState;
import fr.interrupt.meshcp.hub.policy.PolicyDecision;
import fr.interrupt.meshcp.hub.policy.ToolAccess;
import fr.interrupt.meshcp.hub.policy.ToolRequest;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.shared.text.Durations;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place the hub's policy for Claude is applied: every tool call passes here before its handler
 * ({@link McpServerFactory#invoke}). Refusals are tool errors naming the rule; in ask mode a command or a file change
 * (write_file, edit_file) becomes an approval request the call waits on like a job, and job_wait, job_output and
 * job_cancel accept the request's id.
 * The agent still enforces its own agent.yaml on whatever gets through.
 */
final class PolicyGate {
    /** The state an exec result reports while its request waits for a person. */
    static final String PENDING_APPROVAL = "pending_approval";
    /** How often a call waiting for a person reports progress. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Clock CLOCK = Clock.systemUTC();
    /** What each tool does to its machine; a tool not listed here (a new one) is judged as running a command. */
    private static final Map<String, ToolAccess> ACCESS = Map.of(
            "ping", ToolAccess.READ, "system_status", ToolAccess.READ, "read_file", ToolAccess.READ,
            "list_files", ToolAccess.READ, "exec", ToolAccess.RUN, "exec_many", ToolAccess.RUN,
            "write_file", ToolAccess.WRITE, "edit_file", ToolAccess.WRITE, "job_cancel", ToolAccess.STOP);
    /** Tools that touch no machine of their own choosing: only reads of what exists. */
    private static final Set<String> FLEET_READS = Set.of("list_machines", "list_jobs", "job_wait", "job_output");

    private PolicyGate() {
    }

    /** Either the answer to give at once, or the arguments to run the tool's handler with. */
    record Outcome(McpSchema.CallToolResult answer, Args args) {
        static Outcome proceed(Args args) {
            return new Outcome(null, args);
        }

        static Outcome answer(McpSchema.CallToolResult result) {
            return new Outcome(result, null);
        }
    }

    /**
     * Judges one call.
     *
     * @throws PolicyRefusedException when the policy refuses it (the message names the rule)
     * @throws MeshcpException        for a request id that will never run (denied, expired, withdrawn, failed to start)
     */
    static Outcome check(String tool, ToolContext context, Args args) throws InterruptedException {
        String jobId = args.has("job_id") ? args.optionalString("job_id") : null;
        if (jobId != null && ApprovalService.isApprovalId(jobId)) {
            return onApprovalId(tool, context, args, jobId.strip());
        }
        if (FLEET_READS.contains(tool)) {
            return Outcome.proceed(args);
        }
        Hub hub = context.hub();
        if (tool.equals("exec_many")) {
            // judge the exact machines it will run on (names, all, or what the selector matches now) and run on those only
            List<String> names = ExecTools.targets(hub, args);
            checkEach(hub, names, args.optionalString("command"));
            return Outcome.proceed(args.with("machines", names, "all", SelectorArg.NAME));
        }
        String machine = tool.equals("job_cancel") ? machineOfJob(hub, args) : args.optionalString("machine");
        if (machine == null) {
            return Outcome.proceed(args); // the handler says what is missing
        }
        ToolAccess access = ACCESS.getOrDefault(tool, ToolAccess.RUN);
        String command = access == ToolAccess.RUN ? args.optionalString("command") : null;
        String path = access == ToolAccess.READ || access == ToolAccess.WRITE ? args.optionalString("path") : null;
        PolicyDecision decision = hub.policy().decide(new ToolRequest(tool, machine, access, command, path));
        switch (decision.verdict()) {
            case REFUSE:
                throw new PolicyRefusedException(decision.reason());
            case ASK:
                if (tool.equals("write_file") || tool.equals("edit_file")) {
                    return Outcome.answer(askFileChangeAndWait(tool, context, hub, machine, args, decision.rule()));
                }
                if (!tool.equals("exec")) {
                    throw new PolicyRefusedException(tool + " on machine '" + machine + "' needs a person's approval under the "
                            + "hub policy rule '" + decision.rule() + "', and only commands (exec) and file changes (write_file, "
                            + "edit_file) can wait for approval: ask the person at the hub to do this, or to change the rule "
                            + "(`orchestrator-headless policy set " + decision.rule() + " allow` or the desktop's Policy page)");
                }
                return Outcome.answer(askAndWait(context, hub, machine, args, decision.rule()));
            default:
                return Outcome.proceed(args);
        }
    }

    /** exec_many waits for nobody: every machine must be allowed outright. */
    private static void checkEach(Hub hub, List<String> names, String command) {
        for (String machine : names) {
            PolicyDecision decision = hub.policy().decide(new ToolRequest("exec_many", machine, ToolAccess.RUN, command, null));
            if (decision.verdict() == PolicyDecision.Verdict.REFUSE) {
                throw new PolicyRefusedException(decision.reason());
            }
            if (decision.verdict() == PolicyDecision.Verdict.ASK) {
                throw new PolicyRefusedException("exec_many cannot wait for approval: machine '" + machine + "' needs a person's "
                        + "approval under the hub policy rule '" + decision.rule() + "'; run exec on it alone to ask, and "
                        + "exec_many on the other machines");
            }
        }
    }

    private static String machineOfJob(Hub hub, Args args) {
        JobRef ref = JobRef.parse(args.string("job_id"));
        return ref.qualified() ? ref.machine() : hub.jobs().resolve(ref).machine();
    }

    /** Records the request, then waits for a person like job_wait waits for a job. */
    private static McpSchema.CallToolResult askAndWait(ToolContext context, Hub hub, String machine, Args args, String rule)
            throws InterruptedException {
        int wait = args.integer("wait_seconds", ExecTools.DEFAULT_WAIT_SECONDS, 0, ExecTools.MAX_WAIT_SECONDS);
        Approval approval = hub.approvals().request(machine, "exec", ExecTools.options(args), rule);
        return waitForDecision(context, hub, approval, Duration.ofSeconds(wait), true);
    }

    /**
     * Records a write_file or edit_file request (its diff worked out against the file now, so a change that cannot apply
     * fails at once) and waits for a person for {@link ExecTools#DEFAULT_WAIT_SECONDS}; these tools take no wait_seconds.
     */
    private static McpSchema.CallToolResult askFileChangeAndWait(String tool, ToolContext context, Hub hub, String machine,
                                                                 Args args, String rule) throws InterruptedException {
        String path = args.string("path");
        Approval approval = tool.equals("write_file")
                ? hub.approvals().requestWrite(machine, path, FileTools.content(args),
                        FileTools.parseMode(args.optionalString("mode")), args.bool("create_parents", false), rule)
                : hub.approvals().requestEdit(machine, path, args.string("old_text"), EditTool.newText(args),
                        args.bool("replace_all", false), rule);
        return waitForDecision(context, hub, approval, Duration.ofSeconds(ExecTools.DEFAULT_WAIT_SECONDS), true);
    }

    private static Outcome onApprovalId(String tool, ToolContext context, Args args, String id) throws InterruptedException {
        Hub hub = context.hub();
        ApprovalService approvals = hub.approvals();
        Approval approval = approvals.require(id);
        switch (tool) {
            case "job_wait": {
                int wait = args.integer("wait_seconds", ExecTools.DEFAULT_WAIT_SECONDS, 0, ExecTools.MAX_WAIT_SECONDS);
                return Outcome.answer(waitForDecision(context, hub, approval, Duration.ofSeconds(wait), false));
            }
            case "job_cancel":
                if (approval.state(approvals.now()) == ApprovalState.PENDING) {
                    Approval withdrawn = approvals.withdraw(id);
                    Map<String, Object> result = resultOf(withdrawn, approvals.now(), ExecState.CANCELLED.label(),
                            "withdrawn before anyone decided; nothing ran");
                    return Outcome.answer(ToolResults.success(result, "request " + id + " withdrawn; nothing ran on " + withdrawn.machine()));
                }
                return Outcome.proceed(withJob(tool, args, startedJob(approvals, approval)));
            default:
                return Outcome.proceed(withJob(tool, args, startedJob(approvals, approval)));
        }
    }

    /** The job a started request became; throws the sentence when it never will, or says it still waits. */
    private static String startedJob(ApprovalService approvals, Approval approval) {
        approvals.whyItWillNotRun(approval).ifPresent(why -> {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, why);
        });
        if (approval.state(approvals.now()) == ApprovalState.WRITTEN) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "request " + approval.id() + " was a file change, approved by "
                    + approval.decidedBy() + " and written: it ran no command; job_wait {\"job_id\": \"" + approval.id()
                    + "\"} shows what was written");
        }
        if (approval.state(approvals.now()) != ApprovalState.STARTED) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "request " + approval.id() + " is still waiting for a "
                    + "person at the hub: nothing runs yet; wait for it with job_wait {\"job_id\": \"" + approval.id() + "\"}");
        }
        return approval.job();
    }

    private static Args withJob(String tool, Args args, String job) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : List.of("job_id", "wait_seconds", "stream", "offset", "max_bytes")) {
            if (args.raw(name) != null) {
                values.put(name, args.raw(name));
            }
        }
        values.put("job_id", job);
        return new Args(tool, values);
    }

    /**
     * Waits up to {@code wait} for a person to decide, reporting progress; once the job started, waits for it in the time
     * left and answers as job_wait does. A call the client cancels withdraws a pending request ({@code ownCall}) or
     * cancels the started job.
     */
    private static McpSchema.CallToolResult waitForDecision(ToolContext context, Hub hub, Approval asked, Duration wait,
                                                            boolean ownCall) throws InterruptedException {
        ApprovalService approvals = hub.approvals();
        long deadline = System.nanoTime() + wait.toNanos();
        Approval approval = asked;
        while (!approval.state(approvals.now()).isFinal() && !context.cancellation().fired()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            context.progress().report(0, null, "waiting for a person at the hub to approve " + approval.id());
            approval = approvals.await(approval.id(), Duration.ofNanos(Math.min(left, PROGRESS_EVERY.toNanos())));
        }
        if (context.cancellation().fired() && ownCall && approval.state(approvals.now()) == ApprovalState.PENDING) {
            try {
                approvals.withdraw(approval.id());
            } catch (MeshcpException e) {
                approval = approvals.require(approval.id()); // decided meanwhile: report that
            }
        }
        approvals.whyItWillNotRun(approval).ifPresent(why -> {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, why);
        });
        if (approval.state(approvals.now()) == ApprovalState.WRITTEN) {
            return FileChangeResults.written(approval, ownCall, approvals.now());
        }
        if (approval.state(approvals.now()) != ApprovalState.STARTED) {
            String note = "waiting for a person at the hub to approve request " + approval.id() + " (hub policy rule '"
                    + approval.rule() + "', expires " + Durations.until(approval.expires(), approvals.now())
                    + "); nothing " + (approval.isFileChange() ? "is written" : "runs") + " until then: wait for it with "
                    + "job_wait {\"job_id\": \"" + approval.id() + "\"}";
            Map<String, Object> result = approval.isFileChange() && ownCall
                    ? FileChangeResults.pending(approval, PENDING_APPROVAL, note)
                    : resultOf(approval, approvals.now(), PENDING_APPROVAL, note);
            return ToolResults.success(result, approval.machine() + (approval.isFileChange() ? ": " : "$ ")
                    + approval.command() + "\n" + note);
        }
        JobService jobs = hub.jobs();
        JobRef ref = JobRef.parse(approval.job());
        if (ownCall) {
            context.cancellation().onCancel(() -> {
                try {
                    jobs.cancel(ref);
                } catch (MeshcpException e) {
                    // the job ended or its machine went away; the result says how it stands
                }
            });
        }
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        JobStatus status = ExecTools.await(jobs, jobs.get(ref), left, context.progress(), context.cancellation());
        JobViews.View view = JobViews.view(jobs, status, OutputCap.RESULT_BUDGET_BYTES, CLOCK);
        return ToolResults.success(view.structured(), "approved by " + approval.decidedBy() + "\n" + view.text());
    }

    /** The shape of an exec result for a request that has not become a job. */
    private static Map<String, Object> resultOf(Approval approval, java.time.Instant now, String state, String note) {
        Map<String, Object> result = new JobViews.JobResult(approval.id(), approval.machine(), approval.command(),
                ExecState.RUNNING, null, Math.max(0, Duration.between(approval.created(), now).toMillis()), "", "", 0,
                0, true, false, null, note).structured();
        result.put("state", state);
        return result;
    }
}
