package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.shared.labels.LabelSelector;
import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.FanOut;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * exec and exec_many. Every command runs as a job: the call waits up to wait_seconds, then
 * returns either the finished result or a job id while the command keeps running, so no command
 * ever dies at the client's request timeout.
 */
final class ExecTools {
    private static final Logger LOG = LoggerFactory.getLogger(ExecTools.class);
    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 600;
    static final int MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;
    /** How often a long wait reports progress to the client. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    /** How long an interrupted call waits for the agent to confirm the kill. */
    private static final Duration CANCEL_CONFIRMATION = Duration.ofSeconds(5);
    private static final Clock CLOCK = Clock.systemUTC();

    private ExecTools() {
    }

    static List<ToolDef> all() {
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

    private static ToolDef exec() {
        JsonSchemas.ObjectBuilder input = commandArgs(object().required("machine", Common.machine()));
        McpSchema.Tool tool = McpSchema.Tool.builder("exec", input.build())
                .title("Run a command on a machine")
                .description("Run a shell command on one machine and return its exit code, stdout and stderr. Waits up to "
                        + "wait_seconds (default " + DEFAULT_WAIT_SECONDS + "): a command still running then keeps running as a job "
                        + "and this returns its job_id at once (state \"running\") — follow it with job_wait, job_output and "
                        + "job_cancel (the machine's agent keeps the job, so it survives a restart of this server; cancelling this call "
                        + "cancels the command); set wait_seconds 0 to start something in the background. Long output is cut to its head "
                        + "and tail (about " + OutputCap.RESULT_BUDGET_BYTES / 1000 + " KB per result) with a note giving the job_id "
                        + "and offsets that read the rest with job_output. A non-zero exit is a normal result (see exit_code), not "
                        + "an error. Examples: {\"machine\": \"web1\", \"command\": \"uptime\"}; {\"machine\": \"build\", \"command\": "
                        + "\"make -j4 2>&1\", \"wait_seconds\": 50, \"timeout_seconds\": 3600, \"working_directory\": \"/srv/app\"}.")
                .outputSchema(JobViews.schema())
                .annotations(new McpSchema.ToolAnnotations("Run a command", false, true, false, true, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, ExecTools::execCall);
    }

    private static McpSchema.CallToolResult execCall(ToolContext context, Args args) throws InterruptedException {
        String machine = args.string("machine");
        ExecOptions options = options(args);
        int wait = args.integer("wait_seconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        JobService jobs = context.hub().jobs();
        long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
        // start and the first wait (up to the first progress report) in one call to the agent: `true` costs one round trip
        Duration first = Duration.ofSeconds(wait).compareTo(PROGRESS_EVERY) < 0 ? Duration.ofSeconds(wait) : PROGRESS_EVERY;
        JobStatus firstAnswer = jobs.startAndAwait(machine, options, first,
                // the user interrupted the call (Esc in Claude Code): stop the command, as Ctrl-C would; the agent keeps it as cancelled
                started -> context.cancellation().onCancel(() -> cancelQuietly(jobs, started.ref())));
        JobStatus status = await(jobs, firstAnswer, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), context.progress(),
                context.cancellation());
        return ResultSize.fit(budget -> {
            JobViews.View view = JobViews.view(jobs, status, budget, CLOCK);
            return ToolResults.success(view.structured(), view.text());
        });
    }

    /** Waits up to {@code wait} for the job's end, reporting progress; a cancelled call waits for the kill to be confirmed. */
    static JobStatus await(JobService jobs, JobStatus job, Duration wait, Progress progress, CancelSignal cancellation)
            throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        JobStatus status = job;
        while (!status.isDone() && !cancellation.fired()) {
            progress.report(status.elapsed(CLOCK).toMillis() / 1000.0, null, "running on " + status.machine() + " for "
                    + Durations.human(status.elapsed(CLOCK)) + ", " + ByteSizes.format(status.outputBytes()) + " of output");
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return status;
            }
            status = jobs.await(job.ref(), Duration.ofNanos(Math.min(left, PROGRESS_EVERY.toNanos())));
        }
        if (cancellation.fired() && !status.isDone()) {
            status = jobs.await(job.ref(), CANCEL_CONFIRMATION);
        }
        return status;
    }

    /** Asks the agent to cancel, off the caller's thread (the client's cancel arrives on the thread that reads stdin). */
    private static void cancelQuietly(JobService jobs, JobRef ref) {
        CompletableFuture.runAsync(() -> {
            try {
                jobs.cancel(ref);
            } catch (MeshcpException e) {
                LOG.warn("cancelling {}: {}", ref, e.getMessage());
            }
        });
    }

    static ExecOptions options(Args args) {
        Integer timeout = args.optionalInteger("timeout_seconds", 1, MAX_TIMEOUT_SECONDS);
        return new ExecOptions(args.string("command"), timeout == null ? null : Duration.ofSeconds(timeout),
                args.optionalString("working_directory"), args.stringMap("env"), 0);
    }

    // ---------------------------------------------------------------- exec_many

    private static ToolDef execMany() {
        JsonSchemas.ObjectBuilder input = commandArgs(object()
                .optional("machines", array(string(null, "web1"), "Machine names to run on, e.g. [\"web1\", \"web2\"]. "
                        + "Give this or all, not both."))
                .optional("all", bool("true: run on every enrolled machine."))
                .optional(SelectorArg.NAME, SelectorArg.schema("instead of machines or all: the machines that match")));
        Map<String, Object> output = object()
                .required("command", string(null))
                .required("results", array(JobViews.sameAsExec(null), "Each machine's result, fields as in exec's result, in the order asked; an unreachable "
                        + "machine has state failed and its error."))
                .required("succeeded", integer("Machines where the command exited 0."))
                .required("failed", integer("Machines where it exited non-zero, timed out, was cancelled or could not run."))
                .required("running", integer("Machines where it is still running (see each job_id)."))
                .build();
        McpSchema.Tool tool = McpSchema.Tool.builder("exec_many", sharedWithExec(input.build()))
                .title("Run a command on several machines")
                .description("Run the same command on several machines at once (named in machines, all: true, or a label "
                        + "selector) and return "
                        + "one result per machine: exit code and output, or the reason it could not run there (an offline "
                        + "machine does not fail the others). Waits up to wait_seconds for all of them; any still running then "
                        + "keep running as jobs with their job_id. Output is capped per machine so the whole result stays "
                        + "about " + OutputCap.RESULT_BUDGET_BYTES / 1000 + " KB. Unknown machine names fail the call before "
                        + "anything runs. Example: {\"machines\": [\"web1\", \"web2\"], \"command\": \"systemctl is-active nginx\"}; "
                        + "{\"all\": true, \"command\": \"df -h /\"}.")
                .outputSchema(output)
                .annotations(new McpSchema.ToolAnnotations("Run on several machines", false, true, false, true, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, ExecTools::execManyCall);
    }

    /**
     * exec_many's input schema with the arguments it shares with exec (command, timeout_seconds, wait_seconds,
     * working_directory, env) stripped of the words exec's schema already gives them in the same tool list.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> sharedWithExec(Map<String, Object> schema) {
        Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
        for (String name : List.of("command", "timeout_seconds", "wait_seconds", "working_directory", "env")) {
            properties.put(name, JsonSchemas.bare((Map<String, Object>) properties.get(name),
                    name.equals("command") ? "As in exec, like timeout_seconds, wait_seconds, working_directory and env." : null));
        }
        Map<String, Object> out = new LinkedHashMap<>(schema);
        out.put("properties", properties);
        return out;
    }

    private static McpSchema.CallToolResult execManyCall(ToolContext context, Args args) throws InterruptedException {
        List<String> names = targets(context.hub(), args);
        ExecOptions options = options(args);
        int wait = args.integer("wait_seconds", DEFAULT_WAIT_SECONDS, 0, MAX_WAIT_SECONDS);
        JobService jobs = context.hub().jobs();
        List<FanOut.Each<JobStatus>> started = jobs.startMany(names, options, FanOut.DEFAULT_PARALLELISM);
        context.cancellation().onCancel(() -> started.stream().filter(FanOut.Each::ok)
                .forEach(e -> cancelQuietly(jobs, e.value().ref())));
        Map<String, JobStatus> ended = awaitAll(jobs, started, Duration.ofSeconds(wait), context.progress(), context.cancellation());
        return ResultSize.fit(budget -> manyResult(jobs, names, options, started, ended,
                Math.max(OutputCap.MIN_SHARE_BYTES, budget / Math.max(1, names.size()))));
    }

    private static McpSchema.CallToolResult manyResult(JobService jobs, List<String> names, ExecOptions options,
                                                       List<FanOut.Each<JobStatus>> started, Map<String, JobStatus> ended,
                                                       int share) {
        List<Map<String, Object>> results = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        int succeeded = 0;
        int running = 0;
        for (FanOut.Each<JobStatus> each : started) {
            JobViews.View view;
            if (!each.ok()) {
                view = JobViews.notStarted(each.machine(), options.command(), each.error().getMessage());
            } else {
                JobStatus status = ended.getOrDefault(each.machine(), each.value());
                succeeded += status.succeeded() ? 1 : 0;
                running += status.isDone() ? 0 : 1;
                view = JobViews.view(jobs, status, share, CLOCK);
            }
            results.add(view.structured());
            text.append("=== ").append(view.text()).append("\n\n");
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

    /** The machines exec_many runs on: its machines, all, or the machines its selector matches now. */
    static List<String> targets(Hub hub, Args args) {
        boolean all = args.bool("all", false);
        List<String> named = args.stringList("machines");
        LabelSelector selector = SelectorArg.parse(args);
        if (selector != null) {
            if (all || !named.isEmpty()) {
                throw Args.invalid("give one of \"machines\", \"all\": true or \"selector\", not several");
            }
            return hub.machines().select(selector).stream().map(Machine::name).toList();
        }
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
            throw Args.invalid("missing \"machines\" (a non-empty array of machine names), \"all\": true or \"selector\" for exec_many");
        }
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(named));
        unique.forEach(hub.machines()::require);
        return unique;
    }

    /** Waits for every started job at once (one WaitJob each), reporting each end as progress; the states they ended in. */
    private static Map<String, JobStatus> awaitAll(JobService jobs, List<FanOut.Each<JobStatus>> started, Duration wait,
                                                   Progress progress, CancelSignal cancellation) throws InterruptedException {
        int total = started.size();
        AtomicInteger done = new AtomicInteger((int) started.stream().filter(e -> !e.ok() || e.value().isDone()).count());
        Map<String, JobStatus> ended = new ConcurrentHashMap<>();
        List<CompletableFuture<JobStatus>> waits = new ArrayList<>();
        progress.report(done.get(), (double) total, done.get() + " of " + total + " machines done");
        for (FanOut.Each<JobStatus> each : started) {
            if (!each.ok() || each.value().isDone()) {
                continue;
            }
            CompletableFuture<JobStatus> waiting = jobs.awaitAsync(each.value().ref(), wait);
            waiting.thenAccept(status -> {
                ended.put(status.machine(), status);
                if (status.isDone()) {
                    int now = done.incrementAndGet();
                    progress.report(now, (double) total, now + " of " + total + " machines done");
                }
            });
            waits.add(waiting);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
        cancellation.onCancel(() -> all.complete(null));
        try {
            all.get(wait.plus(JobService.CALL_DEADLINE).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a machine that stopped answering keeps the state it had when it started
        }
        if (cancellation.fired()) {
            for (FanOut.Each<JobStatus> each : started) {
                if (each.ok() && !ended.getOrDefault(each.machine(), each.value()).isDone()) {
                    try {
                        ended.put(each.machine(), jobs.await(each.value().ref(), CANCEL_CONFIRMATION));
                    } catch (MeshcpException e) {
                        LOG.warn("{}: {}", each.machine(), e.getMessage());
                    }
                }
            }
        }
        return ended;
    }
}
