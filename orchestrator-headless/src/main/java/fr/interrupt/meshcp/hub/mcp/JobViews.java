package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.mcp.jobs.Job;
import fr.interrupt.meshcp.hub.mcp.jobs.JobState;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A job as a tool result: state, exit code, capped output, and the next step when something is left. */
final class JobViews {
    private JobViews() {
    }

    /** A job's view and whether it showed everything (then the job need not be kept). */
    record View(Map<String, Object> structured, String text, boolean complete) {
    }

    static Map<String, Object> schema() {
        return object()
                .required("job_id", nullable(string("Job id for job_wait, job_output and job_cancel; null when the command "
                        + "finished and its whole output is here (nothing left to fetch).")))
                .required("machine", string(null))
                .required("command", string(null))
                .required("state", oneOf("running: still running (see note); exited: ended by itself, see exit_code; "
                        + "timed_out: killed at its timeout; cancelled: killed by job_cancel; failed: could not run or lost "
                        + "its machine, see error.", JobState.labels()))
                .required("exit_code", nullable(integer("Exit status once exited (0 is success); -1 when killed; null while running or failed.")))
                .required("duration_ms", integer("Run time so far, or in total once ended."))
                .required("stdout", string("Standard output (UTF-8); head and tail only when long, with a marker where bytes were left out."))
                .required("stderr", string("Standard error, same rules."))
                .required("stdout_bytes", integer("Bytes written to stdout so far."))
                .required("stderr_bytes", integer("Bytes written to stderr so far."))
                .required("output_complete", bool("True when stdout and stderr above hold everything written so far."))
                .required("agent_truncated", bool("True when the agent dropped output beyond its max_output_bytes cap."))
                .required("error", nullable(string("Why the command failed to run (state failed).")))
                .required("note", nullable(string("What was left out and how to get it, or what to do next.")))
                .build();
    }

    static View view(Job job, int budget, boolean retained) {
        JobState state = job.state();
        boolean running = state == JobState.RUNNING;
        int[] shares = OutputCap.split(job.stdout().total(), job.stderr().total(), budget);
        OutputCap.Capped out = running ? OutputCap.tail(job.stdout(), shares[0]) : OutputCap.headAndTail(job.stdout(), shares[0]);
        OutputCap.Capped err = running ? OutputCap.tail(job.stderr(), shares[1]) : OutputCap.headAndTail(job.stderr(), shares[1]);
        ExecOutcome outcome = job.outcome();
        boolean complete = !running && out.complete() && err.complete();
        List<String> notes = new ArrayList<>();
        if (running) {
            notes.add("still running after " + Common.duration(job.elapsed()) + " as job " + job.id()
                    + ": wait for it with job_wait {\"job_id\": \"" + job.id() + "\"}, read its output with job_output, stop it with job_cancel");
        }
        omitted(notes, job, "stdout", out);
        omitted(notes, job, "stderr", err);
        if (outcome != null && outcome.truncated()) {
            notes.add("the agent dropped output beyond its max_output_bytes cap (" + outcome.outputBytes()
                    + " bytes produced); redirect the output to a file on the machine and read it with read_file");
        }
        if (state == JobState.TIMED_OUT) {
            notes.add("killed by the agent at its timeout; pass a larger timeout_seconds (at most the machine's "
                    + "shell.max_timeout_seconds, see list_machines)");
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", retained || !complete ? job.id() : null);
        s.put("machine", job.machine());
        s.put("command", job.command());
        s.put("state", state.label());
        s.put("exit_code", outcome == null ? null : outcome.exitCode());
        s.put("duration_ms", job.elapsed().toMillis());
        s.put("stdout", out.text());
        s.put("stderr", err.text());
        s.put("stdout_bytes", out.total());
        s.put("stderr_bytes", err.total());
        s.put("output_complete", out.complete() && err.complete());
        s.put("agent_truncated", outcome != null && outcome.truncated());
        s.put("error", job.failure());
        s.put("note", notes.isEmpty() ? null : String.join("; ", notes));
        return new View(s, text(job, state, outcome, out, err, s), complete);
    }

    private static void omitted(List<String> notes, Job job, String stream, OutputCap.Capped capped) {
        if (!capped.complete()) {
            notes.add(stream + " bytes " + capped.omittedFrom() + " to " + capped.omittedTo() + " are not shown: read them with "
                    + "job_output {\"job_id\": \"" + job.id() + "\", \"stream\": \"" + stream + "\", \"offset\": " + capped.omittedFrom() + "}");
        }
    }

    private static String text(Job job, JobState state, ExecOutcome outcome, OutputCap.Capped out, OutputCap.Capped err,
                               Map<String, Object> s) {
        StringBuilder t = new StringBuilder();
        t.append(job.machine()).append("$ ").append(job.command()).append('\n');
        switch (state) {
            case RUNNING:
                t.append("running for ").append(Common.duration(job.elapsed())).append(" (job ").append(job.id()).append(")");
                break;
            case FAILED:
                t.append("failed: ").append(job.failure());
                break;
            default:
                t.append(outcome.summary());
        }
        t.append('\n');
        if (out.total() > 0) {
            t.append("--- stdout (").append(out.total()).append(" bytes) ---\n").append(out.text());
            endLine(t);
        }
        if (err.total() > 0) {
            t.append("--- stderr (").append(err.total()).append(" bytes) ---\n").append(err.text());
            endLine(t);
        }
        if (s.get("note") != null) {
            t.append("note: ").append(s.get("note"));
        }
        return t.toString().strip();
    }

    private static void endLine(StringBuilder t) {
        if (t.length() > 0 && t.charAt(t.length() - 1) != '\n') {
            t.append('\n');
        }
    }

    /** A one-line summary for list_jobs. */
    static Map<String, Object> summary(Job job) {
        ExecOutcome outcome = job.outcome();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("job_id", job.id());
        s.put("machine", job.machine());
        s.put("command", job.command());
        s.put("state", job.state().label());
        s.put("exit_code", outcome == null ? null : outcome.exitCode());
        s.put("started_at", job.startedAt().toString());
        s.put("duration_ms", job.elapsed().toMillis());
        s.put("stdout_bytes", job.stdout().total());
        s.put("stderr_bytes", job.stderr().total());
        return s;
    }

    static Map<String, Object> summarySchema() {
        return object()
                .required("job_id", string(null))
                .required("machine", string(null))
                .required("command", string(null))
                .required("state", oneOf(null, JobState.labels()))
                .required("exit_code", nullable(integer(null)))
                .required("started_at", string("ISO-8601 UTC."))
                .required("duration_ms", integer(null))
                .required("stdout_bytes", integer(null))
                .required("stderr_bytes", integer(null))
                .build();
    }
}
