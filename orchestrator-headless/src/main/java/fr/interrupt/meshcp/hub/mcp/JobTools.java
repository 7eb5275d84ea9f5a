package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.shared.text.TextDecoding;
import java.nio.charset.Charset;

import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.withDefault;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.jobs.KeptStream;
import fr.interrupt.meshcp.hub.jobs.OutputRange;
import fr.interrupt.meshcp.hub.service.ExecListener;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** job_wait, job_output, job_cancel, list_jobs: following commands that outlived their exec call. */
final class JobTools {
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private static final Clock CLOCK = Clock.systemUTC();

    private JobTools() {
    }

    static List<ToolDef> all() {
        return List.of(jobWait(), jobOutput(), jobCancel(), listJobs());
    }

    private static ToolDef jobWait() {
        JsonSchemas.ObjectBuilder input = object()
                .required("job_id", Common.jobId())
                .optional("wait_seconds", Common.waitSeconds(ExecTools.DEFAULT_WAIT_SECONDS));
        McpSchema.Tool tool = McpSchema.Tool.builder("job_wait", input.build())
                .title("Wait for a job")
                .description("Wait up to wait_seconds (default " + ExecTools.DEFAULT_WAIT_SECONDS + "; 0: just report) for a job "
                        + "started by exec or exec_many, then return its state, exit code and output: head and tail once "
                        + "finished, the latest output while still running. Call it again while state is \"running\". "
                        + "Example: {\"job_id\": \"web1:3f9a1c2e0b7d\", \"wait_seconds\": 50}.")
                .outputSchema(JobViews.sameAsExec("The job's state and output, fields as in exec's result."))
                .annotations(MachineTools.readOnly("Wait for a job"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            JobRef ref = JobRef.parse(args.string("job_id"));
            int wait = args.integer("wait_seconds", ExecTools.DEFAULT_WAIT_SECONDS, 0, ExecTools.MAX_WAIT_SECONDS);
            JobService jobs = context.hub().jobs();
            JobStatus status = ExecTools.await(jobs, jobs.get(ref), Duration.ofSeconds(wait), context.progress(), context.cancellation());
            return ResultSize.fit(budget -> {
                JobViews.View view = JobViews.view(jobs, status, budget, CLOCK);
                return ToolResults.success(view.structured(), view.text());
            });
        });
    }

    private static ToolDef jobOutput() {
        JsonSchemas.ObjectBuilder input = object()
                .required("job_id", Common.jobId())
                .optional("stream", withDefault(oneOf("Which output to read (default stdout).", "stdout", "stderr"), "stdout"))
                .optional("offset", withDefault(integer("Byte offset to read from (default 0); use next_offset from the "
                        + "previous call, or the offsets a result's note gives.", 0, Long.MAX_VALUE), 0))
                .optional("max_bytes", withDefault(integer("At most this many bytes (default and maximum "
                        + OutputCap.RESULT_BUDGET_BYTES + ").", 1, OutputCap.RESULT_BUDGET_BYTES), OutputCap.RESULT_BUDGET_BYTES));
        McpSchema.Tool tool = McpSchema.Tool.builder("job_output", input.build())
                .title("Read a job's output")
                .description("Read a job's stdout or stderr by byte offset, up to " + OutputCap.RESULT_BUDGET_BYTES + " bytes "
                        + "per call; continue with next_offset until eof. Works while the job runs (tail it) and after it ends. "
                        + "The agent keeps each stream's first and last part (1 MiB each by default, see its shell limits in "
                        + "list_machines); a range dropped between them is reported in note. Example: {\"job_id\": \"web1:3f9a1c2e0b7d\", \"stream\": "
                        + "\"stdout\", \"offset\": 13000}.")
                .outputSchema(OutputSlice.schema())
                .annotations(MachineTools.readOnly("Read job output"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            JobRef ref = JobRef.parse(args.string("job_id"));
            String stream = args.choice("stream", "stdout", List.of("stdout", "stderr"));
            long offset = args.longValue("offset", 0, 0, Long.MAX_VALUE);
            int max = args.integer("max_bytes", OutputCap.RESULT_BUDGET_BYTES, 1, OutputCap.RESULT_BUDGET_BYTES);
            return ResultSize.fit(budget -> outputSlice(context.hub().jobs(), ref, stream, offset, Math.min(max, budget)),
                    Math.min(max, ResultSize.FIRST_BUDGET));
        });
    }

    /** The structured result of job_output: a byte range of one stream; its schema is {@link #schema()}. */
    record OutputSlice(String jobId, String state, String stream, long offset, long nextOffset, long totalBytes, String text,
                       boolean eof, String note) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("job_id", jobId);
            out.put("state", state);
            out.put("stream", stream);
            out.put("offset", offset);
            out.put("next_offset", nextOffset);
            out.put("total_bytes", totalBytes);
            out.put("text", text);
            out.put("eof", eof);
            out.put("note", note);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("job_id", string(null))
                    .required("state", oneOf(null, ExecState.labels()))
                    .required("stream", oneOf(null, "stdout", "stderr"))
                    .required("offset", integer("Where this text starts (moved past a half character or a dropped range if needed)."))
                    .required("next_offset", integer("Pass as offset to read on."))
                    .required("total_bytes", integer("Bytes written to this stream so far."))
                    .required("text", string("The output from offset as text (see exec's stdout)."))
                    .required("eof", bool("True when the job has ended and everything up to total_bytes was read."))
                    .required("note", nullable(string("Dropped ranges and what to do next.")))
                    .build();
        }
    }

    private static McpSchema.CallToolResult outputSlice(JobService jobs, JobRef ref, String stream, long offset, int max) {
        JobRef job = jobs.resolve(ref); // the read answers state and kept ranges: no GetJob needed
        ExecListener.OutputKind kind = "stderr".equals(stream) ? ExecListener.OutputKind.STDERR : ExecListener.OutputKind.STDOUT;
        OutputRange range = jobs.read(job, kind, offset, max);
        KeptStream kept = range.kept();
        long total = kept.total();
        long from = range.offset();
        byte[] bytes = range.data();
        String note = null;
        if (from > offset && offset < kept.tailStart() && kept.hasGap()) {
            note = "bytes " + kept.headEnd() + " to " + kept.tailStart() + " were not kept (the agent keeps each stream's first "
                    + "and last part); reading from " + from;
        }
        int start = TextBytes.charStartAtOrAfter(bytes, 0, bytes.length);
        // the end of the kept head is an end like the stream's: a character cut there is never completed, so keep its bytes
        boolean atAnEnd = from + bytes.length >= total || (kept.hasGap() && from + bytes.length == kept.headEnd());
        int end = atAnEnd ? bytes.length : TextBytes.completeLength(bytes, bytes.length);
        Charset wide = null;
        if (from > 0 && TextDecoding.binaryType(bytes, start, end) != null) {
            // a slice of UTF-16/32 output has no byte order mark of its own: the stream's first bytes tell
            byte[] first = jobs.read(job, kind, 0, 4).data();
            wide = TextDecoding.bomCharset(first, 0, first.length);
            int unit = TextDecoding.codeUnitBytes(wide);
            if (unit > 1) {
                start = (int) ((from + unit - 1) / unit * unit - from);
                end = atAnEnd ? bytes.length : (int) ((from + bytes.length) / unit * unit - from);
            } else {
                wide = null;
            }
        }
        long next = from + Math.max(end, start);
        if (next == kept.headEnd() && kept.hasGap()) {
            note = "bytes " + kept.headEnd() + " to " + kept.tailStart() + " were not kept; continue from offset " + kept.tailStart();
        }
        boolean ended = range.state().isFinal();
        boolean eof = ended && next >= total;
        if (note == null && !eof) {
            note = ended ? "more output: call again with offset " + next
                    : "the job is still running: call again with offset " + next + " for more";
        }
        TextDecoding.Decoded shown = wide != null ? TextDecoding.decodeAs(bytes, start, end, wide, TextDecoding.Mode.OUTPUT)
                : TextDecoding.decode(bytes, start, end, TextDecoding.Mode.OUTPUT);
        String shownText = shown.text();
        if (shown.binary()) {
            shownText = "[" + (end - start) + " bytes, " + shown.binaryType() + ": not shown as text]";
            note = Common.joinNotes("binary output: " + OutputCap.SEE_BINARY, note);
        } else {
            note = Common.joinNotes(shown.note(), note);
        }
        OutputSlice slice = new OutputSlice(job.toString(), range.state().label(), stream, from + start, next, total,
                shownText, eof, note);
        String text = job + " " + stream + " bytes " + (from + start) + " to " + next + " of " + total
                + (eof ? " (end)" : "") + ":\n" + slice.text() + (note == null ? "" : "\nnote: " + note);
        return ToolResults.success(slice.structured(), text);
    }

    private static ToolDef jobCancel() {
        JsonSchemas.ObjectBuilder input = object().required("job_id", Common.jobId());
        McpSchema.Tool tool = McpSchema.Tool.builder("job_cancel", input.build())
                .title("Cancel a job")
                .description("Stop a running job: the agent kills the command's whole process tree. Returns the job's final "
                        + "state (cancelled, or how it ended if it finished first) and output. Example: {\"job_id\": \"web1:3f9a1c2e0b7d\"}.")
                .outputSchema(JobViews.sameAsExec("The job's state and output, fields as in exec's result."))
                .annotations(new McpSchema.ToolAnnotations("Cancel a job", false, true, true, false, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            JobService jobs = context.hub().jobs();
            JobStatus before = jobs.get(JobRef.parse(args.string("job_id")));
            JobStatus status = before.isDone() ? before : jobs.cancel(before.ref());
            if (!status.isDone()) {
                status = jobs.await(status.ref(), CANCEL_WAIT);
            }
            JobStatus last = status;
            String prefix = !before.isDone() ? (status.isDone() ? "" : "cancel requested; the agent has not confirmed yet\n")
                    : "the job had already ended\n";
            return ResultSize.fit(budget -> {
                JobViews.View view = JobViews.view(jobs, last, budget, CLOCK);
                return ToolResults.success(view.structured(), prefix + view.text());
            });
        });
    }

    /** The structured result of list_jobs; its schema is {@link #schema()}. */
    record JobList(List<JobViews.JobSummary> jobs, long running, List<Unreachable> unreachable) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jobs", jobs.stream().map(JobViews.JobSummary::structured).toList());
            out.put("running", running);
            out.put("unreachable", unreachable.stream().map(Unreachable::structured).toList());
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("jobs", array(JobViews.JobSummary.schema(), "Newest first."))
                    .required("running", integer(null))
                    .required("unreachable", array(Unreachable.schema(), "Machines whose jobs could not be listed, and why."))
                    .build();
        }
    }

    /** A machine whose jobs list_jobs could not list, and why. */
    record Unreachable(String machine, String error) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("error", error);
            return out;
        }

        static Map<String, Object> schema() {
            return object().required("machine", string(null)).required("error", string(null)).build();
        }
    }

    private static ToolDef listJobs() {
        JsonSchemas.ObjectBuilder input = object()
                .optional("machines", array(string(null, "web1"), "Only these machines (default: every enrolled machine)."));
        McpSchema.Tool tool = McpSchema.Tool.builder("list_jobs", input.build())
                .title("List jobs")
                .description("List the jobs the machines' agents keep: running commands and recently finished ones, whoever "
                        + "started them (this session, an earlier one, the CLI or the desktop app; see caller), newest first, "
                        + "with state, exit code and output sizes. Example: {} or {\"machines\": [\"web1\"]}.")
                .outputSchema(JobList.schema())
                .annotations(MachineTools.readOnly("List jobs"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            List<String> machines = args.stringList("machines");
            JobService jobs = context.hub().jobs();
            FleetJobs fleet = machines.isEmpty() ? jobs.listAll() : jobs.list(new ArrayList<>(new LinkedHashSet<>(machines)));
            List<JobViews.JobSummary> rows = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (JobStatus job : fleet.jobs()) {
                rows.add(JobViews.JobSummary.of(job, CLOCK));
                text.append(job.ref()).append("  ").append(job.state().label()).append("  ")
                        .append(Durations.human(job.elapsed(CLOCK))).append("  ").append(job.caller()).append("  ")
                        .append(job.command()).append('\n');
            }
            List<Unreachable> unreachable = new ArrayList<>();
            fleet.unreachable().forEach((machine, error) -> {
                unreachable.add(new Unreachable(machine, error));
                text.append(machine).append(": not listed: ").append(error).append('\n');
            });
            JobList result = new JobList(rows, fleet.running(), unreachable);
            return ToolResults.success(result.structured(), text.length() == 0 ? "No jobs." : text.toString().strip());
        });
    }
}
