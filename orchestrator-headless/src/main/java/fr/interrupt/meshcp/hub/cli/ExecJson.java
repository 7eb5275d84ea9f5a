package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.mcp.SharedViews;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.FanOut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document {@code exec --json} prints once every machine is done, in exec_many's shape (docs/CLI-JSON.md):
 * {"command", "results": [one per machine, in the order given], "succeeded", "failed", "running"}.
 */
final class ExecJson {
    private ExecJson() {
    }

    /** The document of a foreground run: each machine's outcome and its collected output. */
    static Map<String, Object> ran(String command, List<FanOut.Each<ExecOutcome>> results, CollectedOutput output) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int succeeded = 0;
        for (FanOut.Each<ExecOutcome> each : results) {
            ExecOutcome o = each.value();
            if (o == null) {
                rows.add(notStarted(command, each.machine(), each.error().getMessage()));
                continue;
            }
            succeeded += o.succeeded() ? 1 : 0;
            CollectedOutput.Machine m = output.of(each.machine());
            String job = m.job != null ? m.job : o.jobId().isEmpty() ? null : each.machine() + ":" + o.jobId();
            rows.add(SharedViews.commandResult(new SharedViews.CommandRun(job, each.machine(), command, o.state(),
                    o.exitCode(), o.duration().toMillis(), m.stdout.text(), m.stderr.text(), m.stdout.total(), m.stderr.total(),
                    m.complete(), o.truncated(), o.state() == ExecState.FAILED ? "the command could not be started" : null,
                    m.note())));
        }
        return document(command, rows, succeeded, results.size() - succeeded, 0);
    }

    /** The document of {@code exec --detach}: each job as it started (state running, no output yet). */
    static Map<String, Object> started(String command, List<FanOut.Each<JobStatus>> started) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int running = 0;
        for (FanOut.Each<JobStatus> each : started) {
            if (!each.ok()) {
                rows.add(notStarted(command, each.machine(), each.error().getMessage()));
                continue;
            }
            JobStatus job = each.value();
            running += job.isDone() ? 0 : 1;
            rows.add(SharedViews.commandResult(new SharedViews.CommandRun(job.ref().toString(), job.machine(), command,
                    job.state(), job.exitCode(), 0, "", "", job.stdout().total(), job.stderr().total(), false, false,
                    job.state() == ExecState.FAILED ? job.outcomeWords() : null,
                    job.isDone() ? null : "follow it with 'jobs attach " + job.ref() + "'")));
        }
        return document(command, rows, 0, started.size() - running, running);
    }

    private static Map<String, Object> notStarted(String command, String machine, String error) {
        return SharedViews.commandResult(new SharedViews.CommandRun(null, machine, command, ExecState.FAILED, null, 0, "", "",
                0, 0, true, false, error, null));
    }

    private static Map<String, Object> document(String command, List<Map<String, Object>> rows, int succeeded, int failed,
                                                int running) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("command", command);
        out.put("results", rows);
        out.put("succeeded", succeeded);
        out.put("failed", failed);
        out.put("running", running);
        return out;
    }
}
