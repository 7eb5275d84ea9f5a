package fr.interrupt.meshcp.hub.policy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.jobs.JobService;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.shared.text.Printable;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Requests of MCP callers that wait for a person at the hub (policy mode {@code ask}), kept in DATA/approvals.json,
 * which {@code serve}, the desktop and the CLI share under the state store's lock.
 *
 * <p>Exactly one process starts an approved command, or writes an approved file change: the one that approves it.
 * {@link #approve} turns the request from pending to approved under the file's lock (a second approver gets CONFLICT),
 * then starts the job under the requester's name and records its MACHINE:ID, or writes the change and records what it
 * wrote. The MCP caller waits on the request ({@link #await}) and then on the job.
 * A request nobody decides expires after {@link #DEFAULT_TTL}.
 */
public final class ApprovalService {
    /** How long a request waits for a person by default. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);
    /** Finished requests are kept this long for `approvals`, then pruned. */
    private static final Duration KEEP_FINISHED = Duration.ofDays(1);
    /** How often {@link #await} re-reads the file (a stat; the file is parsed again only when it changed). */
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int MAX_REASON = 500;
    private static final Pattern ID = Pattern.compile("ap-[0-9a-f]{8}");

    private final JsonStateFile<ApprovalFile> file;
    private final JobService jobs;
    private final FileChanges fileChanges;
    private final PolicyService policy;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random;
    private final String caller;
    private final Duration ttl;

    /** {@code caller} names this process ("mcp:alice" asks, "cli:alice" decides); requests expire after {@code ttl}. */
    public ApprovalService(JsonStateFile<ApprovalFile> file, JobService jobs, FileChanges fileChanges, PolicyService policy,
                           AuditLog audit, Clock clock, SecureRandom random, String caller, Duration ttl) {
        this.file = file;
        this.jobs = jobs;
        this.fileChanges = fileChanges;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
        this.random = random;
        this.caller = caller;
        this.ttl = ttl;
    }

    /** True when {@code text} has the shape of a request id ("ap-1a2b3c4d"), so job tools can tell it from a job id. */
    public static boolean isApprovalId(String text) {
        return text != null && ID.matcher(text.strip()).matches();
    }

    /** Records a pending request to run {@code options} on {@code machine}, asked by this process; audited. */
    public Approval request(String machine, String tool, ExecOptions options, String rule) {
        Long timeout = options.timeout() == null ? null : options.timeout().toSeconds();
        return record(machine, tool, options.command(), timeout,
                options.workingDirectory().isEmpty() ? null : options.workingDirectory(), options.env(), rule, null);
    }

    /**
     * Records a pending write_file of {@code content} to {@code path} on {@code machine}, with its diff against the file
     * as it is now; audited (the content is not).
     *
     * @throws MeshcpException REFUSED for content over {@link FileChanges#MAX_CONTENT_BYTES}; errors of reading the
     *                         file now (unknown machine, a path the agent refuses), so nobody is asked in vain
     */
    public Approval requestWrite(String machine, String path, byte[] content, Integer mode, boolean createParents, String rule) {
        FileChange change = fileChanges.write(machine, path, content, mode, createParents);
        return record(machine, "write_file", "write_file " + path, null, null, Map.of(), rule, change);
    }

    /**
     * Records a pending edit_file of {@code path} on {@code machine}, with its diff worked out against the file now.
     *
     * @throws MeshcpException REFUSED when old_text and new_text are over {@link FileChanges#MAX_CONTENT_BYTES}; every
     *                         error of planning the edit now (old_text not found or ambiguous, not UTF-8 text, ...)
     */
    public Approval requestEdit(String machine, String path, String oldText, String newText, boolean replaceAll, String rule) {
        FileChange change = fileChanges.edit(machine, path, oldText, newText, replaceAll);
        return record(machine, "edit_file", "edit_file " + path, null, null, Map.of(), rule, change);
    }

    private Approval record(String machine, String tool, String command, Long timeout, String workingDirectory,
                            Map<String, String> env, String rule, FileChange change) {
        Instant now = clock.instant();
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        Approval approval = new Approval("ap-" + HexFormat.of().formatHex(bytes), machine, tool, command, timeout,
                workingDirectory, env, caller, rule, now, now.plus(ttl), ApprovalState.PENDING, null, null, null, null, null,
                change, null);
        file.update(current -> {
            List<Approval> next = pruned(current.approvals(), now);
            next.add(approval);
            return new ApprovalFile(1, next);
        });
        audit.record("approval-request", machine, Map.of("approval", approval.id(), "tool", tool, "command", command));
        return approval;
    }

    /** Every request kept, newest first. */
    public List<Approval> list() {
        List<Approval> all = new ArrayList<>(file.read().approvals());
        all.sort(Comparator.comparing(Approval::created).reversed());
        return all;
    }

    /** The requests still waiting for a person, oldest first (the order to decide them in). */
    public List<Approval> pending() {
        Instant now = clock.instant();
        return file.read().approvals().stream().filter(a -> a.state(now) == ApprovalState.PENDING)
                .sorted(Comparator.comparing(Approval::created)).toList();
    }

    /** Modification time of approvals.json, for views that poll for new requests. */
    public long lastModifiedMillis() {
        return file.lastModifiedMillis();
    }

    /** The clock requests are dated and expired by. */
    public Instant now() {
        return clock.instant();
    }

    public Optional<Approval> find(String id) {
        String wanted = id == null ? "" : id.strip();
        return file.read().approvals().stream().filter(a -> a.id().equals(wanted)).findFirst();
    }

    /**
     * The request {@code id}.
     *
     * @throws MeshcpException NOT_FOUND for an unknown id
     */
    public Approval require(String id) {
        return find(id).orElseThrow(() -> unknown(id));
    }

    private static MeshcpException unknown(String id) {
        return new MeshcpException(MeshcpException.Kind.NOT_FOUND, "unknown approval request \""
                + Printable.of(id == null ? "" : id, 40) + "\"; the pending ones are listed by `orchestrator-headless approvals`");
    }

    /**
     * Approves a pending request and starts its command as a job under the requester's name, or writes its file change;
     * with {@code forAnHour}, the same command on the same machine runs without asking for
     * {@link PolicyService#TEMPORARY_ALLOW}. Audited with who approved. Returns the request as it ends: started with its
     * job, written with what was written, or failed with the reason (an edit whose old_text no longer matches).
     *
     * @throws MeshcpException NOT_FOUND for an unknown id, CONFLICT when it is no longer pending (decided, expired),
     *                         INVALID_INPUT for {@code forAnHour} on a file change (only commands can be allowed for an hour)
     */
    public Approval approve(String id, boolean forAnHour) {
        if (forAnHour && require(id).isFileChange()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "request " + id.strip() + " is a file change: "
                    + "only commands can be allowed for an hour; approve this change on its own");
        }
        Approval approved = decide(id, a -> a.decided(ApprovalState.APPROVED, caller, clock.instant(), null));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("approval", approved.id());
        details.put("tool", approved.tool());
        details.put("command", approved.command());
        details.put("requested_by", approved.caller());
        details.put("for_an_hour", forAnHour);
        audit.record("approve", approved.machine(), details);
        if (approved.isFileChange()) {
            return writeApproved(approved);
        }
        if (forAnHour) {
            policy.allowForAnHour(approved.machine(), approved.command());
        }
        try {
            JobStatus job = jobs.startAs(approved.machine(), approved.execOptions(), approved.caller());
            return replace(approved.id(), a -> a.started(job.ref().toString()));
        } catch (MeshcpException e) {
            return replace(approved.id(), a -> a.failed(e.getMessage()));
        }
    }

    private Approval writeApproved(Approval approved) {
        try {
            FileWritten written = fileChanges.apply(approved.machine(), approved.file());
            return replace(approved.id(), a -> a.wrote(written));
        } catch (MeshcpException e) {
            return replace(approved.id(), a -> a.failed(e.getMessage()));
        }
    }

    /**
     * Denies a pending request; {@code reason} (optional, cut at 500 characters) is what the MCP caller is told. Audited.
     *
     * @throws MeshcpException NOT_FOUND for an unknown id, CONFLICT when it is no longer pending
     */
    public Approval deny(String id, String reason) {
        String why = reason == null || reason.isBlank() ? null : Printable.of(reason.strip(), MAX_REASON);
        Approval denied = decide(id, a -> a.decided(ApprovalState.DENIED, caller, clock.instant(), why));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("approval", denied.id());
        details.put("command", denied.command());
        details.put("requested_by", denied.caller());
        if (why != null) {
            details.put("reason", why);
        }
        audit.record("deny", denied.machine(), details);
        return denied;
    }

    /**
     * Withdraws a pending request (the MCP caller cancelled it). Audited.
     *
     * @throws MeshcpException CONFLICT when it is no longer pending
     */
    public Approval withdraw(String id) {
        Approval withdrawn = decide(id, a -> a.decided(ApprovalState.WITHDRAWN, caller, clock.instant(), null));
        audit.record("approval-withdraw", withdrawn.machine(), Map.of("approval", withdrawn.id()));
        return withdrawn;
    }

    /**
     * Waits until the request is no longer pending or approved-but-not-started, or {@code wait} passes; returns it as it
     * stands (its {@link Approval#state(Instant)} says which). Interrupting the caller stops waiting.
     */
    public Approval await(String id, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        while (true) {
            Approval approval = require(id);
            long left = deadline - System.nanoTime();
            if (approval.state(clock.instant()).isFinal() || left <= 0) {
                return approval;
            }
            Thread.sleep(Math.max(1, Math.min(POLL.toMillis(), left / 1_000_000)));
        }
    }

    /** The sentence for a request that will never run, in the words an MCP caller reads; empty while it may still run. */
    public Optional<String> whyItWillNotRun(Approval approval) {
        switch (approval.state(clock.instant())) {
            case DENIED:
                return Optional.of("a person at the hub (" + approval.decidedBy() + ") denied this: "
                        + (approval.reason() == null ? "no reason given" : approval.reason()));
            case EXPIRED:
                return Optional.of("request " + approval.id() + " expired unapproved after "
                        + Durations.coarse(approval.lifetime()) + "; nothing ran. Ask the person at the hub, then try again");
            case WITHDRAWN:
                return Optional.of("request " + approval.id() + " was withdrawn before anyone decided; nothing ran");
            case FAILED:
                return Optional.of("request " + approval.id() + " was approved by " + approval.decidedBy()
                        + (approval.isFileChange() ? " but the change could not be written: " : " but could not start: ")
                        + approval.error());
            default:
                return Optional.empty();
        }
    }

    private Approval decide(String id, UnaryOperator<Approval> change) {
        Instant now = clock.instant();
        Approval[] written = new Approval[1];
        file.update(current -> {
            List<Approval> next = new ArrayList<>();
            for (Approval a : current.approvals()) {
                if (a.id().equals(id.strip())) {
                    ApprovalState state = a.state(now);
                    if (state != ApprovalState.PENDING) {
                        throw new MeshcpException(MeshcpException.Kind.CONFLICT, "request " + a.id() + " is no longer pending: "
                                + describe(a, state, now));
                    }
                    written[0] = change.apply(a);
                    next.add(written[0]);
                } else {
                    next.add(a);
                }
            }
            if (written[0] == null) {
                throw unknown(id);
            }
            return new ApprovalFile(1, next);
        });
        return written[0];
    }

    private Approval replace(String id, UnaryOperator<Approval> change) {
        Approval[] written = new Approval[1];
        file.update(current -> new ApprovalFile(1, current.approvals().stream().map(a -> {
            if (a.id().equals(id)) {
                written[0] = change.apply(a);
                return written[0];
            }
            return a;
        }).toList()));
        return written[0];
    }

    /** "it expired 3m ago", "denied by cli:alice", "started as web-1:…". */
    static String describe(Approval a, ApprovalState state, Instant now) {
        switch (state) {
            case EXPIRED:
                return "it expired " + Durations.ago(a.expires(), now);
            case APPROVED:
                return "approved by " + a.decidedBy() + ", starting";
            case STARTED:
                return "approved by " + a.decidedBy() + ", started as job " + a.job();
            case WRITTEN:
                return "approved by " + a.decidedBy() + ", written";
            case DENIED:
                return "denied by " + a.decidedBy();
            case WITHDRAWN:
                return "withdrawn by " + a.decidedBy();
            case FAILED:
                return "approved by " + a.decidedBy()
                        + (a.isFileChange() ? " but could not be written: " : " but could not start: ") + a.error();
            default:
                return state.label();
        }
    }

    private static List<Approval> pruned(List<Approval> approvals, Instant now) {
        List<Approval> kept = new ArrayList<>();
        for (Approval a : approvals) {
            Instant finished = a.decidedAt() != null ? a.decidedAt() : a.expires();
            if (!a.state(now).isFinal() || finished.plus(KEEP_FINISHED).isAfter(now)) {
                kept.add(a);
            }
        }
        return kept;
    }
}
