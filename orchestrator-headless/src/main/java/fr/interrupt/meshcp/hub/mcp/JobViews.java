package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecListener;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A job as a tool result: state, exit code, capped output, and the next step when something is left.
 * The one shape of exec, exec_many (per machine), job_wait and job_cancel results; {@link #schema()} beside it.
 */
final class JobViews {
    private JobViews() {
    }

    /** A job's view, structured and as text. */
    record View(Map<String, Object> structured, String text) {
    }

    /** The structured result of exec, exec_many (per machine), job_wait and job_cancel; its schema is {@link #schema()}. */
    record JobResult(String jobId, String machine, String command, ExecState state, Integer exitCode, long durationMs,
                     String stdout, String stderr, long stdoutBytes, long stderrBytes, boolean outputComplete,
                     boolean agentTruncated, String error, String note) {

        Map<String, Object> structured() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("job_id", jobId);
            s.put("machine", machine);
            s.put("command", command);
            s.put("state", state.label());
            s.put("exit_code", exitCode);
            s.put("duration_ms", durationMs);
            s.put("stdout", stdout);
            s.put("stderr", stderr);
            s.put("stdout_bytes", stdoutBytes);
            s.put("stderr_bytes", stderrBytes);
            s.put("output_complete", outputComplete);
            s.put("agent_truncated", agentTruncated);
            s.put("error", error);
            s.put("note", note);
            return s;
        }
    }

    static Map<String, Object> schema() {
        return object()
                .required("job_id", nullable(string("MACHINE:ID of the job the agent keeps (job_wait, job_output, job_cancel, "
                        + "list_jobs); null only when the command could not be started.")))
                .required("machine", string(null))
                .required("command", string(null))
                .required("state", oneOf("running: still running (see note); exited: ended by itself, see exit_code; "
                        + "timed_out: killed at its timeout; cancelled: killed on request (job_cancel, or this call was cancelled); "
                        + "failed: could not run or lost its machine, see error; pending_approval: waits for a person at the "
                        + "hub (see note).", withPendingApproval(ExecState.labels())))
                .required("exit_code", nullable(integer("Exit status once exited (0 is success; 128+N when signal N ended it, as a "
                        + "shell reports it); null while running, or when timed out, cancelled or failed.")))
                .required("duration_ms", integer("Run time so far, or in total once ended."))
                .required("stdout", string("Standard output as UTF-8 text without ANSI escapes; head and tail only when long, with a "
                        + "marker where bytes were left out; binary output is described, not shown."))
                .required("stderr", string("Standard error, same rules."))
                .required("stdout_bytes", integer("Bytes written to stdout so far."))
                .required("stderr_bytes", integer("Bytes written to stderr so far."))
                .required("output_complete", bool("True when stdout and stderr above hold everything written so far."))
                .required("agent_truncated", bool("True when the agent no longer keeps part of the output (it keeps each "
                        + "stream's first and last bytes, see its shell limits in list_machines)."))
                .required("error", nullable(string("Why the command failed to run (state failed).")))
                .required("note", nullable(string("What was left out and how to get it, or what to do next.")))
                .optional("written", object().description("An approved write_file/edit_file's result.").open().build())
                .build();
    }

    private static String[] withPendingApproval(String[] states) {
        String[] all = java.util.Arrays.copyOf(states, states.length + 1);
        all[states.length] = PolicyGate.PENDING_APPROVAL;
        return all;
    }

    /** {@link #schema()} without its descriptions, for the tools whose result is exec's (job_wait, job_cancel, exec_many). */
    static Map<String, Object> sameAsExec(String description) {
        return JsonSchemas.bare(schema(), description);
    }

    /** The view of {@code job}, its output read from the agent within {@code budget} bytes of text. */
    static View view(JobService jobs, JobStatus job, int budget, Clock clock) {
        boolean running = !job.isDone();
        OutputSource stdout = new RemoteOutput(jobs, job, ExecListener.OutputKind.STDOUT);
        OutputSource stderr = new RemoteOutput(jobs, job, ExecListener.OutputKind.STDERR);
        int[] shares = OutputCap.split(stdout.total(), stderr.total(), budget);
        OutputCap.Capped out = running ? OutputCap.tail(stdout, shares[0]) : OutputCap.headAndTail(stdout, shares[0]);
        OutputCap.Capped err = running ? OutputCap.tail(stderr, shares[1]) : OutputCap.headAndTail(stderr, shares[1]);
        String id = job.ref().toString();
        List<String> notes = new ArrayList<>();
        if (running) {
            notes.add("still running after " + Durations.human(job.elapsed(clock)) + " as job " + id
                    + ": wait for it with job_wait {\"job_id\": \"" + id + "\"}, read its output with job_output, stop it with job_cancel");
        }
        omitted(notes, id, "stdout", out);
        omitted(notes, id, "stderr", err);
        decoded(notes, "stdout", out);
        decoded(notes, "stderr", err);
        boolean dropped = job.stdout().hasGap() || job.stderr().hasGap();
        if (dropped) {
            notes.add("the agent keeps only the first and last part of long output; to keep everything, redirect it to a "
                    + "file on the machine and read it with read_file");
        }
        if (job.state() == ExecState.TIMED_OUT) {
            notes.add("killed by the agent at its timeout; pass a larger timeout_seconds (at most the machine's "
                    + "shell.max_timeout_seconds, see list_machines)");
        }
        JobResult result = new JobResult(id, job.machine(), job.command(), job.state(),
                job.state() == ExecState.EXITED ? (job.exitCode() == null ? Integer.valueOf(-1) : job.exitCode()) : null,
                job.elapsed(clock).toMillis(), out.text(), err.text(), out.total(), err.total(), out.complete() && err.complete(),
                dropped, job.state() == ExecState.FAILED ? job.failure() : null, notes.isEmpty() ? null : String.join("; ", notes));
        Map<String, Object> s = result.structured();
        return new View(s, text(job, out, err, s, clock));
    }

    /** The result for a machine where the command could not start at all (refused, unreachable). */
    static View notStarted(String machine, String command, String error) {
        JobResult result = new JobResult(null, machine, command, ExecState.FAILED, null, 0, "", "", 0, 0, true, false, error, null);
        return new View(result.structured(), machine + "$ " + command + "\nfailed: " + error);
    }

    private static void decoded(List<String> notes, String stream, OutputCap.Capped capped) {
        if (capped.decodingNote() != null) {
            notes.add(stream + ": " + capped.decodingNote());
        }
    }

    private static void omitted(List<String> notes, String id, String stream, OutputCap.Capped capped) {
        if (!capped.complete()) {
            notes.add(stream + " bytes " + capped.omittedFrom() + " to " + capped.omittedTo() + " are not shown: read them with "
                    + "job_output {\"job_id\": \"" + id + "\", \"stream\": \"" + stream + "\", \"offset\": " + capped.omittedFrom() + "}");
        }
    }

    private static String text(JobStatus job, OutputCap.Capped out, OutputCap.Capped err, Map<String, Object> s, Clock clock) {
        StringBuilder t = new StringBuilder();
        t.append(job.machine()).append("$ ").append(job.command()).append('\n');
        if (job.isDone()) {
            t.append(job.outcomeWords()).append(" after ").append(Durations.human(job.elapsed(clock)));
        } else {
            t.append("running for ").append(Durations.human(job.elapsed(clock)));
        }
        t.append(" (job ").append(job.ref()).append(")\n");
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

    /** One job of list_jobs; its schema is {@link #schema()}. */
    record JobSummary(String jobId, String machine, String command, String caller, ExecState state, Integer exitCode,
                      String startedAt, long durationMs, long stdoutBytes, long stderrBytes) {

        static JobSummary of(JobStatus job, Clock clock) {
            return new JobSummary(job.ref().toString(), job.machine(), job.command(), job.caller(), job.state(),
                    job.state() == ExecState.EXITED ? job.exitCode() : null, job.startedAt().toString(),
                    job.elapsed(clock).toMillis(), job.stdout().total(), job.stderr().total());
        }

        Map<String, Object> structured() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("job_id", jobId);
            s.put("machine", machine);
            s.put("command", command);
            s.put("caller", caller);
            s.put("state", state.label());
            s.put("exit_code", exitCode);
            s.put("started_at", startedAt);
            s.put("duration_ms", durationMs);
            s.put("stdout_bytes", stdoutBytes);
            s.put("stderr_bytes", stderrBytes);
            return s;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("job_id", string(null))
                    .required("machine", string(null))
                    .required("command", string(null))
                    .required("caller", string("Who started it: cli:USER, mcp:USER, desktop:USER."))
                    .required("state", oneOf(null, ExecState.labels()))
                    .required("exit_code", nullable(integer(null)))
                    .required("started_at", string("ISO-8601 UTC."))
                    .required("duration_ms", integer(null))
                    .required("stdout_bytes", integer(null))
                    .required("stderr_bytes", integer(null))
                    .build();
        }
    }
}
