package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.withDefault;

import fr.interrupt.meshcp.hub.mcp.jobs.Job;
import fr.interrupt.meshcp.hub.mcp.jobs.JobRegistry;
import fr.interrupt.meshcp.hub.mcp.jobs.JobState;
import fr.interrupt.meshcp.hub.mcp.jobs.StreamBuffer;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** job_wait, job_output, job_cancel, list_jobs: following commands that outlived their exec call. */
final class JobTools {
    private static final Duration CANCEL_WAIT = Duration.ofSeconds(10);

    private final JobRegistry jobs;

    JobTools(JobRegistry jobs) {
        this.jobs = jobs;
    }

    List<ToolDef> all() {
        return List.of(jobWait(), jobOutput(), jobCancel(), listJobs());
    }

    private ToolDef jobWait() {
        JsonSchemas.ObjectBuilder input = object()
                .required("job_id", Common.jobId())
                .optional("wait_seconds", Common.waitSeconds(ExecTools.DEFAULT_WAIT_SECONDS));
        McpSchema.Tool tool = McpSchema.Tool.builder("job_wait", input.build())
                .title("Wait for a job")
                .description("Wait up to wait_seconds (default " + ExecTools.DEFAULT_WAIT_SECONDS + "; 0: just report) for a job "
                        + "started by exec or exec_many, then return its state, exit code and output: head and tail once "
                        + "finished, the latest output while still running. Call it again while state is \"running\". "
                        + "Example: {\"job_id\": \"job-3f9a1c2e\", \"wait_seconds\": 50}.")
                .outputSchema(JobViews.schema())
                .annotations(MachineTools.readOnly("Wait for a job"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            Job job = jobs.require(args.string("job_id"));
            int wait = args.integer("wait_seconds", ExecTools.DEFAULT_WAIT_SECONDS, 0, ExecTools.MAX_WAIT_SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(wait).toNanos();
            while (!job.await(Duration.ofNanos(Math.max(0, Math.min(deadline - System.nanoTime(), 500_000_000L))))
                    && System.nanoTime() < deadline && !context.cancellation().isCancelled()) {
                context.progress().report(job.elapsed().toMillis() / 1000.0, null, "job " + job.id() + " running for "
                        + Common.duration(job.elapsed()));
            }
            JobViews.View view = JobViews.view(job, OutputCap.RESULT_BUDGET_BYTES, true);
            return ToolResults.success(view.structured(), view.text());
        });
    }

    private ToolDef jobOutput() {
        JsonSchemas.ObjectBuilder input = object()
                .required("job_id", Common.jobId())
                .optional("stream", withDefault(oneOf("Which output to read (default stdout).", "stdout", "stderr"), "stdout"))
                .optional("offset", withDefault(integer("Byte offset to read from (default 0); use next_offset from the "
                        + "previous call, or the offsets a result's note gives.", 0, Long.MAX_VALUE), 0))
                .optional("max_bytes", withDefault(integer("At most this many bytes (default and maximum "
                        + OutputCap.RESULT_BUDGET_BYTES + ").", 1, OutputCap.RESULT_BUDGET_BYTES), OutputCap.RESULT_BUDGET_BYTES));
        Map<String, Object> output = object()
                .required("job_id", string(null))
                .required("state", oneOf(null, JobState.labels()))
                .required("stream", oneOf(null, "stdout", "stderr"))
                .required("offset", integer("Where this text starts (moved past a half character or a dropped range if needed)."))
                .required("next_offset", integer("Pass as offset to read on."))
                .required("total_bytes", integer("Bytes written to this stream so far."))
                .required("text", string("The output from offset (UTF-8)."))
                .required("eof", bool("True when the job has ended and everything up to total_bytes was read."))
                .required("note", nullable(string("Dropped ranges and what to do next.")))
                .build();
        McpSchema.Tool tool = McpSchema.Tool.builder("job_output", input.build())
                .title("Read a job's output")
                .description("Read a job's stdout or stderr by byte offset, up to " + OutputCap.RESULT_BUDGET_BYTES + " bytes "
                        + "per call; continue with next_offset until eof. Works while the job runs (tail it) and after it ends. "
                        + "Each stream keeps its first and last " + (JobRegistry.Limits.DEFAULT.headBytes() >> 20) + " MiB; a "
                        + "range dropped between them is reported in note. Example: {\"job_id\": \"job-3f9a1c2e\", \"stream\": "
                        + "\"stdout\", \"offset\": 13000}.")
                .outputSchema(output)
                .annotations(MachineTools.readOnly("Read job output"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            Job job = jobs.require(args.string("job_id"));
            String stream = args.choice("stream", "stdout", List.of("stdout", "stderr"));
            long offset = args.longValue("offset", 0, 0, Long.MAX_VALUE);
            int max = args.integer("max_bytes", OutputCap.RESULT_BUDGET_BYTES, 1, OutputCap.RESULT_BUDGET_BYTES);
            return outputSlice(job, stream, offset, max);
        });
    }

    private static McpSchema.CallToolResult outputSlice(Job job, String stream, long offset, int max) {
        boolean ended = job.isDone();
        StreamBuffer buffer = job.stream(stream);
        long total = buffer.total();
        String note = null;
        long from = offset;
        if (from >= buffer.headEnd() && from < buffer.tailStart()) {
            note = "bytes " + buffer.headEnd() + " to " + buffer.tailStart() + " were not kept (each stream keeps its first and last "
                    + (JobRegistry.Limits.DEFAULT.headBytes() >> 20) + " MiB); reading from " + buffer.tailStart();
            from = buffer.tailStart();
        }
        byte[] bytes = buffer.read(from, max);
        int start = TextBytes.charStartAtOrAfter(bytes, 0, bytes.length);
        int end = from + bytes.length < total ? TextBytes.completeLength(bytes, bytes.length) : bytes.length;
        long next = from + Math.max(end, start);
        if (from + bytes.length == buffer.headEnd() && buffer.tailStart() > buffer.headEnd()) {
            note = "bytes " + buffer.headEnd() + " to " + buffer.tailStart() + " were not kept; continue from offset " + buffer.tailStart();
        }
        boolean eof = ended && next >= total;
        if (note == null && !eof) {
            note = ended ? "more output: call again with offset " + next
                    : "the job is still running: call again with offset " + next + " for more";
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", job.id());
        out.put("state", job.state().label());
        out.put("stream", stream);
        out.put("offset", from + start);
        out.put("next_offset", next);
        out.put("total_bytes", total);
        out.put("text", TextBytes.decode(bytes, start, end));
        out.put("eof", eof);
        out.put("note", note);
        String text = job.id() + " " + stream + " bytes " + (from + start) + " to " + next + " of " + total
                + (eof ? " (end)" : "") + ":\n" + out.get("text") + (note == null ? "" : "\nnote: " + note);
        return ToolResults.success(out, text);
    }

    private ToolDef jobCancel() {
        JsonSchemas.ObjectBuilder input = object().required("job_id", Common.jobId());
        McpSchema.Tool tool = McpSchema.Tool.builder("job_cancel", input.build())
                .title("Cancel a job")
                .description("Stop a running job: the agent kills the command's whole process tree. Returns the job's final "
                        + "state (cancelled, or how it ended if it finished first) and output. Example: {\"job_id\": \"job-3f9a1c2e\"}.")
                .outputSchema(JobViews.schema())
                .annotations(new McpSchema.ToolAnnotations("Cancel a job", false, true, true, false, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            Job job = jobs.require(args.string("job_id"));
            boolean wasRunning = !job.isDone();
            job.cancel();
            job.await(CANCEL_WAIT);
            JobViews.View view = JobViews.view(job, OutputCap.RESULT_BUDGET_BYTES, true);
            String prefix = wasRunning ? (job.isDone() ? "" : "cancel requested; the agent has not confirmed yet\n")
                    : "the job had already ended\n";
            return ToolResults.success(view.structured(), prefix + view.text());
        });
    }

    private ToolDef listJobs() {
        JsonSchemas.ObjectBuilder input = object();
        Map<String, Object> output = object()
                .required("jobs", array(JobViews.summarySchema(), "Newest first."))
                .required("running", integer(null))
                .build();
        McpSchema.Tool tool = McpSchema.Tool.builder("list_jobs", input.build())
                .title("List jobs")
                .description("List the jobs of this session (commands started by exec or exec_many that outlived their call, "
                        + "or whose output was cut), newest first, with state, exit code and output sizes. Finished jobs are "
                        + "kept " + JobRegistry.Limits.DEFAULT.finishedTtl().toMinutes() + " minutes. No arguments.")
                .outputSchema(output)
                .annotations(MachineTools.readOnly("List jobs"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, (context, args) -> {
            List<Map<String, Object>> rows = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int running = 0;
            for (Job job : jobs.list()) {
                rows.add(JobViews.summary(job));
                running += job.isDone() ? 0 : 1;
                text.append(job.id()).append("  ").append(job.machine()).append("  ").append(job.state().label())
                        .append("  ").append(Common.duration(job.elapsed())).append("  ").append(job.command()).append('\n');
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("jobs", rows);
            out.put("running", running);
            return ToolResults.success(out, rows.isEmpty() ? "No jobs." : text.toString().strip());
        });
    }
}
