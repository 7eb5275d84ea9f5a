package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.mcp.jobs.Job;
import fr.interrupt.meshcp.hub.mcp.jobs.JobRegistry;
import fr.interrupt.meshcp.hub.mcp.jobs.JobState;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * exec and exec_many. Every command runs as a job: the call waits up to wait_seconds, then
 * returns either the finished result or a job id while the command keeps running, so no command
 * ever dies at the client's request timeout.
 */
final class ExecTools {
    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 600;
    static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    private static final long POLL_MILLIS = 500;
    /** How long an interrupted call waits for the agent to confirm the kill. */
    private static final Duration CANCEL_CONFIRMATION = Duration.ofSeconds(5);

    private final JobRegistry jobs;

    ExecTools(JobRegistry jobs) {
        this.jobs = jobs;
    }

    List<ToolDef> all() {
        return List.of(exec(), execMany());
    }

    private static JsonSchemas.ObjectBuilder commandArgs(JsonSchemas.ObjectBuilder b) {
        return b.required("command", string("The command line. Without allowed_commands on the agent it runs through the "
                        + "platform shell (sh -c), so pipes and && work; with allowed_commands it runs without a shell and shell "
                        + "syntax is refused. stdin is closed: never run interactive commands.", "df -h /", "journalctl -u nginx -n 50 --no-pager"))
                .optional("timeout_seconds", integer("Kill the command (its whole process tree) after this many seconds. "
                        + "Default and ceiling: the machine's shell.max_timeout_seconds (see list_machines).", 1, MAX_TIMEOUT_SECONDS))
                .optional("wait_seconds", Common.waitSeconds(DEFAULT_WAIT_SECONDS))
                .optional("working_directory", string("Absolute directory to run in; default: the agent's.", "/srv/app"))
                .optional("env", JsonSchemas.stringMap("Extra environment variables, e.g. {\"LANG\": \"C\"}."));
    }

    // ---------------------------------------------------------------- exec

    private ToolDef exec() {
        JsonSchemas.ObjectBuilder input = commandArgs(object().required("machine", Common.machine()));
        McpSchema.Tool tool = McpSchema.Tool.builder("exec", input.build())
                .title("Run a command on a machine")
                .description("Run a shell command on one machine and return its exit code, stdout and stderr. Waits up to "
                        + "wait_seconds (default " + DEFAULT_WAIT_SECONDS + "): a command still running then keeps running as a job "
                        + "and this returns its job_id at once (state \"running\") — follow it with job_wait, job_output and "
                        + "job_cancel; set wait_seconds 0 to start something in the background. Long output is cut to its head "
                        + "and tail (about " + OutputCap.RESULT_BUDGET_BYTES / 1000 + " KB per result) with a note giving the job_id "
                        + "and offsets that read the rest with job_output. A non-zero exit is a normal result (see exit_code), not "
                        + "an error. Examples: {\"machine\": \"web1\", \"command\": \"uptime\"}; {\"machine\": \"build\", \"command\": "
                        + "\"make -j4 2>&1\", \"wait_seconds\": 50, \"timeout_seconds\": 3600, \"working_directory\": \"/srv/app\"}.")
                .outputSchema(JobViews.schema())
                .annotations(new McpSchema.ToolAnnotations("Run a command", false, true, false, true, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, this::execCall);
    }

    private McpSchema.CallToolResult execCall(ToolContext context, Args args) throws InterruptedException {
        String machine = args.string("machine");
        ExecOptions options = options(args);
        int wait = args.integer("wait_seconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        Job job = jobs.start(machine, options);
        // the user interrupted the call (Esc in Claude Code): stop the command, as Ctrl-C would
        context.cancellation().onCancel(job::cancel);
        awaitOne(job, Duration.ofSeconds(wait), context.progress(), context.cancellation());
        if (job.state() == JobState.FAILED) {
            jobs.forget(job);
            throw job.error();
        }
        JobViews.View view = JobViews.view(job, OutputCap.RESULT_BUDGET_BYTES, false);
        if (view.complete()) {
            jobs.forget(job);
        }
        return ToolResults.success(view.structured(), view.text());
    }

    private static void awaitOne(Job job, Duration wait, Progress progress, Cancellation cancellation) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!job.isDone() && !cancellation.isCancelled()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            job.await(Duration.ofNanos(Math.min(left, Duration.ofMillis(POLL_MILLIS).toNanos())));
            if (!job.isDone()) {
                progress.report(job.elapsed().toMillis() / 1000.0, null, "running on " + job.machine() + " for "
                        + Common.duration(job.elapsed()) + ", " + (job.stdout().total() + job.stderr().total()) + " bytes of output");
            }
        }
        if (cancellation.isCancelled()) {
            job.await(CANCEL_CONFIRMATION);
        }
    }

    static ExecOptions options(Args args) {
        Integer timeout = args.optionalInteger("timeout_seconds", 1, MAX_TIMEOUT_SECONDS);
        return new ExecOptions(args.string("command"), timeout == null ? null : Duration.ofSeconds(timeout),
                args.optionalString("working_directory"), args.stringMap("env"), 0);
    }

    // ---------------------------------------------------------------- exec_many

    private ToolDef execMany() {
        JsonSchemas.ObjectBuilder input = commandArgs(object()
                .optional("machines", array(string(null, "web1"), "Machine names to run on, e.g. [\"web1\", \"web2\"]. "
                        + "Give this or all, not both."))
                .optional("all", bool("true: run on every enrolled machine.")));
        Map<String, Object> output = object()
                .required("command", string(null))
                .required("results", array(JobViews.schema(), "One result per machine, in the order asked; an unreachable "
                        + "machine has state failed and its error."))
                .required("succeeded", integer("Machines where the command exited 0."))
                .required("failed", integer("Machines where it exited non-zero, timed out, was cancelled or could not run."))
                .required("running", integer("Machines where it is still running (see each job_id)."))
                .build();
        McpSchema.Tool tool = McpSchema.Tool.builder("exec_many", input.build())
                .title("Run a command on several machines")
                .description("Run the same command on several machines at once (named in machines, or all: true) and return "
                        + "one result per machine: exit code and output, or the reason it could not run there (an offline "
                        + "machine does not fail the others). Waits up to wait_seconds for all of them; any still running then "
                        + "keep running as jobs with their job_id. Output is capped per machine so the whole result stays "
                        + "about " + OutputCap.RESULT_BUDGET_BYTES / 1000 + " KB. Unknown machine names fail the call before "
                        + "anything runs. Example: {\"machines\": [\"web1\", \"web2\"], \"command\": \"systemctl is-active nginx\"}; "
                        + "{\"all\": true, \"command\": \"df -h /\"}.")
                .outputSchema(output)
                .annotations(new McpSchema.ToolAnnotations("Run on several machines", false, true, false, true, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, this::execManyCall);
    }

    private McpSchema.CallToolResult execManyCall(ToolContext context, Args args) throws InterruptedException {
        List<String> names = targets(context.hub(), args);
        ExecOptions options = options(args);
        int wait = args.integer("wait_seconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        Map<String, Job> started = new LinkedHashMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String name : names) {
            try {
                started.put(name, jobs.start(name, options));
            } catch (MeshcpException e) {
                refused.put(name, e.getMessage());
            }
        }
        context.cancellation().onCancel(() -> started.values().forEach(Job::cancel));
        awaitAll(started.values(), Duration.ofSeconds(wait), context.progress(), names.size(), context.cancellation());
        int share = Math.max(OutputCap.MIN_SHARE_BYTES, OutputCap.RESULT_BUDGET_BYTES / Math.max(1, names.size()));
        List<Map<String, Object>> results = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int succeeded = 0;
        int running = 0;
        for (String name : names) {
            Map<String, Object> result;
            String rendered;
            Job job = started.get(name);
            if (job == null) {
                result = refusedResult(name, options.command(), refused.get(name));
                rendered = name + "$ " + options.command() + "\nfailed: " + refused.get(name);
            } else {
                JobViews.View view = JobViews.view(job, share, false);
                if (view.complete() || job.state() == JobState.FAILED) {
                    jobs.forget(job);
                    if (job.state() == JobState.FAILED) {
                        view.structured().put("job_id", null);
                    }
                }
                result = view.structured();
                rendered = view.text();
            }
            String state = (String) result.get("state");
            succeeded += "exited".equals(state) && Integer.valueOf(0).equals(result.get("exit_code")) ? 1 : 0;
            running += "running".equals(state) ? 1 : 0;
            results.add(result);
            text.append("=== ").append(rendered).append("\n\n");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", options.command());
        out.put("results", results);
        out.put("succeeded", succeeded);
        out.put("failed", names.size() - succeeded - running);
        out.put("running", running);
        String head = names.size() + " machine(s): " + succeeded + " succeeded, " + (names.size() - succeeded - running)
                + " failed, " + running + " running\n\n";
        return ToolResults.success(out, (head + text).strip());
    }

    private static List<String> targets(Hub hub, Args args) {
        boolean all = args.bool("all", false);
        List<String> named = args.stringList("machines");
        if (all && !named.isEmpty()) {
            throw Args.invalid("give either \"machines\" or \"all\": true, not both");
        }
        if (all) {
            List<String> everyone = hub.machines().list().stream().map(Machine::name).toList();
            if (everyone.isEmpty()) {
                throw MachineTools.noMachines();
            }
            return everyone;
        }
        if (named.isEmpty()) {
            throw Args.invalid("missing \"machines\" (a non-empty array of machine names) or \"all\": true for exec_many");
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(named));
        unique.forEach(hub.machines()::require);
        return unique;
    }

    private static void awaitAll(java.util.Collection<Job> all, Duration wait, Progress progress, int total,
                                 Cancellation cancellation) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long done = all.stream().filter(Job::isDone).count() + (total - all.size());
            progress.report(done, (double) total, done + " of " + total + " machines done");
            long left = deadline - System.nanoTime();
            if (done == total || left <= 0 || cancellation.isCancelled()) {
                return;
            }
            Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
        }
    }

    private static Map<String, Object> refusedResult(String machine, String command, String error) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", null);
        s.put("machine", machine);
        s.put("command", command);
        s.put("state", JobState.FAILED.label());
        s.put("exit_code", null);
        s.put("duration_ms", 0L);
        s.put("stdout", "");
        s.put("stderr", "");
        s.put("stdout_bytes", 0L);
        s.put("stderr_bytes", 0L);
        s.put("output_complete", true);
        s.put("agent_truncated", false);
        s.put("error", error);
        s.put("note", null);
        return s;
    }
}
