package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.FleetJobs;
import fr.interrupt.meshcp.hub.service.MachineSnapshot;
import fr.interrupt.meshcp.hub.service.PingResult;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.SystemStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The structured shapes of MCP tool results that another face prints too (the CLI's {@code --json}, documented in
 * docs/CLI-JSON.md), so both print the same field names from the same records: snake_case, sizes in bytes, times as
 * RFC 3339 UTC strings, durations in milliseconds. Each value is a JSON-ready map (Jackson writes it as is); each shape
 * has its JSON schema beside it, the one the MCP tool declares as its output schema.
 */
public final class SharedViews {
    private SharedViews() {
    }

    /** One machine as list_machines shows it; {@code missing} says why an online machine's capabilities are unknown (or null). */
    public static Map<String, Object> machine(MachineSnapshot snapshot, String missing) {
        return MachineTools.MachineEntry.of(snapshot, missing).structured();
    }

    /** The schema of {@link #machine}. */
    public static Map<String, Object> machineSchema() {
        return MachineTools.MachineEntry.schema();
    }

    /** A successful ping, as the ping tool returns it. */
    public static Map<String, Object> ping(PingResult ping) {
        return MachineTools.PingView.of(ping).structured();
    }

    /** The schema of {@link #ping}. */
    public static Map<String, Object> pingSchema() {
        return MachineTools.PingView.schema();
    }

    /** A machine's system status and capabilities, as system_status returns them; {@code machine} names it if the agent does not. */
    public static Map<String, Object> systemStatus(SystemStatus status, String machine) {
        return ProtoViews.SystemStatusView.of(status, machine).structured();
    }

    /** The schema of {@link #systemStatus}. */
    public static Map<String, Object> systemStatusSchema() {
        return ProtoViews.SystemStatusView.schema();
    }

    /** One directory entry, as list_files returns it (mode in octal, modified in RFC 3339 UTC). */
    public static Map<String, Object> fileInfo(FileInfo info) {
        return ProtoViews.FileInfoView.of(info).structured();
    }

    /** The schema of {@link #fileInfo}. */
    public static Map<String, Object> fileInfoSchema() {
        return ProtoViews.FileInfoView.schema();
    }

    /** The jobs of the fleet, as list_jobs returns them: {"jobs": [...], "running": N, "unreachable": [{machine, error}]}. */
    public static Map<String, Object> jobList(FleetJobs fleet, Clock clock) {
        List<JobViews.JobSummary> rows = fleet.jobs().stream().map(job -> JobViews.JobSummary.of(job, clock)).toList();
        List<JobTools.Unreachable> unreachable = new ArrayList<>();
        fleet.unreachable().forEach((machine, error) -> unreachable.add(new JobTools.Unreachable(machine, error)));
        return new JobTools.JobList(rows, fleet.running(), unreachable).structured();
    }

    /** The schema of {@link #jobList}. */
    public static Map<String, Object> jobListSchema() {
        return JobTools.JobList.schema();
    }

    /**
     * One machine's run of a command, in the shape of exec's result (see {@link JobViews#schema()}): {@code exitCode} only
     * when {@code state} is exited; {@code error} only when it failed; output as text with its byte counts.
     */
    public static Map<String, Object> commandResult(CommandRun run) {
        return new JobViews.JobResult(run.jobId(), run.machine(), run.command(), run.state(),
                run.state() == ExecState.EXITED ? run.exitCode() : null, run.durationMs(), run.stdout(), run.stderr(),
                run.stdoutBytes(), run.stderrBytes(), run.outputComplete(), run.agentTruncated(), run.error(), run.note()).structured();
    }

    /** The schema of {@link #commandResult}. */
    public static Map<String, Object> commandResultSchema() {
        return JobViews.schema();
    }

    /** The schema of a list of machines: {"machines": [...], "online": N, "offline": N, "data_dir": "..."}. */
    public static Map<String, Object> machineListSchema() {
        return object()
                .required("machines", array(machineSchema(), "Every enrolled machine, by name."))
                .required("online", integer("How many answered."))
                .required("offline", integer("How many did not."))
                .required("data_dir", string("The hub data dir."))
                .build();
    }

    /**
     * One machine's run as the CLI saw it, for {@link #commandResult}.
     *
     * @param jobId          MACHINE:ID, or null when it could not start
     * @param durationMs     run time in milliseconds
     * @param stdoutBytes    bytes the command wrote to stdout (may exceed what {@code stdout} holds)
     * @param outputComplete stdout and stderr hold everything written
     * @param agentTruncated the agent did not deliver part of the output (its stream cap)
     */
    public record CommandRun(String jobId, String machine, String command, ExecState state, Integer exitCode, long durationMs,
                             String stdout, String stderr, long stdoutBytes, long stderrBytes, boolean outputComplete,
                             boolean agentTruncated, String error, String note) {
    }
}
