package fr.interrupt.meshcp.hub.jobs;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.hub.service.AgentErrors;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecWire;
import fr.interrupt.meshcp.hub.service.FanOut;
import fr.interrupt.meshcp.proto.agent.v1.AgentServiceGrpc;
import fr.interrupt.meshcp.proto.agent.v1.AttachJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.CancelJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.GetJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import fr.interrupt.meshcp.proto.agent.v1.JobOutput;
import fr.interrupt.meshcp.proto.agent.v1.ListJobsRequest;
import fr.interrupt.meshcp.proto.agent.v1.ListJobsResponse;
import fr.interrupt.meshcp.proto.agent.v1.ReadJobOutputRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobAndWaitRequest;
import fr.interrupt.meshcp.proto.agent.v1.StartJobRequest;
import fr.interrupt.meshcp.proto.agent.v1.WaitJobRequest;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Jobs kept by the agents: commands that outlive the process and the connection that started them.
 * Every face (CLI {@code exec --detach}/{@code jobs}, the MCP job tools, the desktop's job list) starts,
 * waits for, reads, follows and cancels them here. A job is named by a {@link JobRef}; an unqualified
 * one (id only) is looked up on every enrolled machine.
 */
public final class JobService {
    /** Deadline of one quick job call (start, get, read, cancel, list). */
    public static final Duration CALL_DEADLINE = Duration.ofSeconds(15);
    /**
     * The deadline of an attach, which follows a job until it ends: as long as a foreground exec without a timeout may
     * wait (the agent ends jobs at their timeout, at most its max_timeout_seconds); attaching again goes on.
     */
    static final Duration ATTACH_DEADLINE = Duration.ofHours(24);
    /** The longest one WaitJob call waits; longer waits are several calls. */
    public static final Duration MAX_WAIT_PER_CALL = Duration.ofMinutes(10);
    /** The most bytes one read returns (the agent's own cap is 4 MiB). */
    public static final int MAX_READ_BYTES = 4 << 20;

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;
    private final String caller;

    /** {@code caller} is recorded by the agent with every job this hub starts, e.g. "mcp:alice". */
    public JobService(MachineRegistry registry, AgentChannels channels, AuditLog audit, String caller) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.caller = caller;
    }

    /** Starts the command as a detached job; policy refusals and unreachable machines throw with the agent's sentence. */
    public JobStatus start(String machine, ExecOptions options) {
        return join(startAsync(machine, options));
    }

    /**
     * Starts the command as a detached job recorded under {@code onBehalfOf} instead of this hub's caller: an approved MCP
     * request started by the person who approved it is still Claude's job ("mcp:alice"). Audited like {@link #start}.
     */
    public JobStatus startAs(String machine, ExecOptions options, String onBehalfOf) {
        return join(startAsync(machine, options, onBehalfOf));
    }

    /** Starts the command on several machines, at most {@code parallelism} at once; each machine's failure kept apart. */
    public List<FanOut.Each<JobStatus>> startMany(List<String> machines, ExecOptions options, int parallelism) {
        return FanOut.start(machines, parallelism, name -> startAsync(name, options)).join();
    }

    private CompletableFuture<JobStatus> startAsync(String machineName, ExecOptions options) {
        return startAsync(machineName, options, caller);
    }

    private CompletableFuture<JobStatus> startAsync(String machineName, ExecOptions options, String jobCaller) {
        Machine machine = registry.require(machineName);
        audit.requireWritable();
        ExecRequest exec = ExecWire.of(options, jobCaller);
        return this.<StartJobRequest, JobInfo>unary(machine, CALL_DEADLINE, (stub, call) -> stub.startJob(StartJobRequest.newBuilder().setExec(exec).build(), call))
                .whenComplete((info, failure) -> auditStart(machine, options, info, failure))
                .thenApply(info -> JobStatus.of(machine.name(), info));
    }

    /** The audit line of a job start, whether it started or not (the same for every way of starting one). */
    private void auditStart(Machine machine, ExecOptions options, JobInfo info, Throwable failure) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", options.command());
        details.put("detached", true);
        if (failure != null) {
            details.put("error", FanOut.asMeshcp(failure).getMessage());
        } else {
            details.put("job", info.getId());
        }
        audit.record("exec", machine.name(), details);
    }

    /**
     * Starts the command as a detached job, as {@link #start} does, and waits up to {@code wait} (at most
     * {@link #MAX_WAIT_PER_CALL}) for its end, in one call to the agent: a short command costs one round trip instead of
     * two. {@code onStarted} runs once with the job as started, before the wait (quickly: on a gRPC thread), so the
     * caller can cancel it at once. An agent that predates the combined call is asked with StartJob, then WaitJob.
     * Interrupting the caller stops waiting (the job runs on). Audited like {@link #start}.
     *
     * @return the job's status once it ended, or as it is when the wait passed
     * @throws MeshcpException the agent's refusal, or why the machine could not be reached
     */
    public JobStatus startAndAwait(String machineName, ExecOptions options, Duration wait, java.util.function.Consumer<JobStatus> onStarted)
            throws InterruptedException {
        Machine machine = registry.require(machineName);
        audit.requireWritable();
        Duration step = wait.compareTo(MAX_WAIT_PER_CALL) > 0 ? MAX_WAIT_PER_CALL : wait.isNegative() ? Duration.ZERO : wait;
        StartJobAndWaitRequest request = StartJobAndWaitRequest.newBuilder().setExec(ExecWire.of(options, caller))
                .setWaitMillis(step.toMillis()).build();
        StartAndWait call = new StartAndWait(machine, status -> {
            auditStart(machine, options, status.info(), null);
            onStarted.accept(status.status());
        });
        try {
            channels.async(machine).withDeadlineAfter(step.plus(CALL_DEADLINE).toMillis(), TimeUnit.MILLISECONDS).startJobAndWait(request, call);
        } catch (RuntimeException e) {
            throw AgentErrors.translate(e, machine);
        }
        try {
            return call.ended.get();
        } catch (InterruptedException e) {
            call.cancel();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OlderAgent) {
                JobStatus started = start(machineName, options);
                onStarted.accept(started);
                return started.isDone() ? started : await(started.ref(), step);
            }
            if (!call.started) {
                auditStart(machine, options, null, e.getCause());
            }
            throw FanOut.asMeshcp(e.getCause());
        }
    }

    /** The agent does not know StartJobAndWait (UNIMPLEMENTED before anything started). */
    private static final class OlderAgent extends RuntimeException {
        OlderAgent() {
            super(null, null, false, false);
        }
    }

    /** The job as the agent answered it first, with its wire form for the audit line. */
    private record Started(JobInfo info, JobStatus status) {
    }

    /** One StartJobAndWait stream: the first JobInfo is the start, the last the state after the wait. */
    private static final class StartAndWait implements ClientResponseObserver<StartJobAndWaitRequest, JobInfo> {
        private final Machine machine;
        private final java.util.function.Consumer<Started> onStarted;
        private final CompletableFuture<JobStatus> ended = new CompletableFuture<>();
        private volatile ClientCallStreamObserver<StartJobAndWaitRequest> call;
        private JobInfo last;
        private volatile boolean started;
        private Throwable startedCallbackFailure;

        StartAndWait(Machine machine, java.util.function.Consumer<Started> onStarted) {
            this.machine = machine;
            this.onStarted = onStarted;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<StartJobAndWaitRequest> requestStream) {
            this.call = requestStream;
        }

        @Override
        public void onNext(JobInfo info) {
            last = info;
            if (!started) {
                started = true;
                try {
                    onStarted.accept(new Started(info, JobStatus.of(machine.name(), info)));
                } catch (RuntimeException e) {
                    startedCallbackFailure = e;
                }
            }
        }

        @Override
        public void onError(Throwable t) {
            if (!started && io.grpc.Status.fromThrowable(t).getCode() == io.grpc.Status.Code.UNIMPLEMENTED) {
                ended.completeExceptionally(new OlderAgent());
                return;
            }
            ended.completeExceptionally(AgentErrors.translate(t, machine));
        }

        @Override
        public void onCompleted() {
            if (startedCallbackFailure != null) {
                ended.completeExceptionally(startedCallbackFailure);
            } else if (last == null) {
                onError(io.grpc.Status.INTERNAL.withDescription("the agent ended the start without the job's state").asRuntimeException());
            } else {
                ended.complete(JobStatus.of(machine.name(), last));
            }
        }

        void cancel() {
            ClientCallStreamObserver<StartJobAndWaitRequest> c = call;
            if (c != null) {
                c.cancel("no longer waited for", null);
            }
        }
    }

    /** The job's status now. */
    public JobStatus get(JobRef ref) {
        JobRef job = resolve(ref);
        Machine machine = registry.require(job.machine());
        return JobStatus.of(machine.name(), join(job, this.<GetJobRequest, JobInfo>unary(machine, CALL_DEADLINE,
                (stub, call) -> stub.getJob(GetJobRequest.newBuilder().setJobId(job.id()).build(), call))));
    }

    /** Waits until the job ends or {@code wait} passes, whichever first; interrupting the caller stops waiting. */
    public JobStatus await(JobRef ref, Duration wait) throws InterruptedException {
        JobRef job = resolve(ref);
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Duration step = left.compareTo(MAX_WAIT_PER_CALL) > 0 ? MAX_WAIT_PER_CALL : left;
            CompletableFuture<JobStatus> waiting = awaitAsync(job, step);
            JobStatus status;
            try {
                status = waiting.get();
            } catch (InterruptedException e) {
                waiting.cancel(true);
                throw e;
            } catch (ExecutionException e) {
                throw FanOut.asMeshcp(e.getCause());
            }
            if (status.isDone() || System.nanoTime() >= deadline) {
                return status;
            }
        }
    }

    /** One WaitJob call: completes when the job ends or after {@code wait} (at most {@link #MAX_WAIT_PER_CALL}). */
    public CompletableFuture<JobStatus> awaitAsync(JobRef ref, Duration wait) {
        JobRef job = resolve(ref);
        Machine machine = registry.require(job.machine());
        Duration step = wait.compareTo(MAX_WAIT_PER_CALL) > 0 ? MAX_WAIT_PER_CALL : wait.isNegative() ? Duration.ZERO : wait;
        WaitJobRequest request = WaitJobRequest.newBuilder().setJobId(job.id()).setWaitMillis(step.toMillis()).build();
        AgentCall<WaitJobRequest, JobInfo> call = new AgentCall<>(machine);
        channels.async(machine).withDeadlineAfter(step.plus(CALL_DEADLINE).toMillis(), TimeUnit.MILLISECONDS).waitJob(request, call);
        CompletableFuture<JobStatus> status = call.answer().thenApply(info -> JobStatus.of(machine.name(), info));
        status = status.exceptionallyCompose(failure -> CompletableFuture.failedFuture(named(job, FanOut.asMeshcp(failure))));
        status.whenComplete((s, failure) -> {
            if (failure instanceof java.util.concurrent.CancellationException) {
                call.cancel();
            }
        });
        return status;
    }

    /**
     * Reads at most {@code maxBytes} (capped at {@link #MAX_READ_BYTES}) of one stream from {@code offset}; an offset in a
     * dropped range reads from the next kept byte (see {@link OutputRange#offset()}).
     */
    public OutputRange read(JobRef ref, ExecListener.OutputKind stream, long offset, int maxBytes) {
        JobRef job = resolve(ref);
        Machine machine = registry.require(job.machine());
        ReadJobOutputRequest request = ReadJobOutputRequest.newBuilder().setJobId(job.id())
                .setStream(ExecWire.wire(stream))
                .setOffset(Math.max(0, offset))
                .setMaxBytes(Math.max(1, Math.min(maxBytes, MAX_READ_BYTES)))
                .build();
        JobOutput out = join(job, this.<ReadJobOutputRequest, JobOutput>unary(machine, CALL_DEADLINE, (stub, call) -> stub.readJobOutput(request, call)));
        return new OutputRange(out.getData().toByteArray(), out.getOffset(), KeptStream.of(out.getInfo()), ExecState.of(out.getState()));
    }

    /** Asks the agent to kill the job's process tree; answers the state it then reports (cancelled, or how it had ended). */
    public JobStatus cancel(JobRef ref) {
        JobRef job = resolve(ref);
        Machine machine = registry.require(job.machine());
        JobInfo info = join(job, this.<CancelJobRequest, JobInfo>unary(machine, CALL_DEADLINE,
                (stub, call) -> stub.cancelJob(CancelJobRequest.newBuilder().setJobId(job.id()).build(), call)));
        audit.record("job_cancel", machine.name(), Map.of("job", job.id(), "state", ExecState.of(info.getState()).label()));
        return JobStatus.of(machine.name(), info);
    }

    /** The jobs of these machines (running and recently finished), newest first; unreachable machines listed apart. */
    public FleetJobs list(List<String> machines) {
        machines.forEach(registry::require);
        List<FanOut.Each<List<JobStatus>>> each = FanOut.start(machines, FanOut.DEFAULT_PARALLELISM, name -> {
            Machine machine = registry.require(name);
            return this.<ListJobsRequest, ListJobsResponse>unary(machine, CALL_DEADLINE, (stub, call) -> stub.listJobs(ListJobsRequest.getDefaultInstance(), call))
                    .thenApply(r -> r.getJobsList().stream().map(info -> JobStatus.of(name, info)).toList());
        }).join();
        List<JobStatus> jobs = new ArrayList<>();
        Map<String, String> unreachable = new LinkedHashMap<>();
        for (FanOut.Each<List<JobStatus>> e : each) {
            if (e.ok()) {
                jobs.addAll(e.value());
            } else {
                unreachable.put(e.machine(), e.error().getMessage());
            }
        }
        jobs.sort(Comparator.comparing(JobStatus::startedAt).reversed());
        return new FleetJobs(jobs, unreachable);
    }

    /** Every enrolled machine's jobs. */
    public FleetJobs listAll() {
        return list(registry.list().stream().map(Machine::name).toList());
    }

    /**
     * Follows the job from the given offsets: kept output (a gap first where the agent dropped some), then live output,
     * until it ends. With {@code cancelOnDisconnect}, detaching (or this process dying) cancels the job.
     */
    public Attachment attach(JobRef ref, long stdoutOffset, long stderrOffset, boolean cancelOnDisconnect, ExecListener listener) {
        JobRef job = resolve(ref);
        Machine machine = registry.require(job.machine());
        Follow follow = new Follow(machine, job, listener);
        channels.async(machine).withDeadlineAfter(ATTACH_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).attachJob(AttachJobRequest.newBuilder().setJobId(job.id()).setStdoutOffset(stdoutOffset)
                .setStderrOffset(stderrOffset).setCancelOnDisconnect(cancelOnDisconnect).build(), follow);
        return follow;
    }

    /** The job with its machine: as given when qualified, else the one machine whose agent has that id. */
    public JobRef resolve(JobRef ref) {
        if (ref.qualified()) {
            registry.require(ref.machine());
            return ref;
        }
        FleetJobs all = listAll();
        List<JobRef> matches = all.jobs().stream().map(JobStatus::ref).filter(r -> r.id().equals(ref.id())).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no machine has a job " + ref.id()
                    + (all.unreachable().isEmpty() ? "" : " (not asked, unreachable: " + String.join(", ", all.unreachable().keySet()) + ")")
                    + ": jobs are kept by the agents for a while after they end; name it MACHINE:ID as jobs prints it");
        }
        throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "job id " + ref.id() + " is on several machines ("
                + String.join(", ", matches.stream().map(JobRef::toString).toList()) + "): give MACHINE:ID");
    }

    private <Q, T> CompletableFuture<T> unary(Machine machine, Duration deadline,
                                              BiConsumer<AgentServiceGrpc.AgentServiceStub, AgentCall<Q, T>> invoke) {
        AgentCall<Q, T> call = new AgentCall<>(machine);
        try {
            invoke.accept(channels.async(machine).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS), call);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(AgentErrors.translate(e, machine));
        }
        return call.answer();
    }

    /** Like {@link #join(CompletableFuture)}, saying which job an agent does not know. */
    private static <T> T join(JobRef job, CompletableFuture<T> future) {
        try {
            return join(future);
        } catch (MeshcpException e) {
            throw named(job, e);
        }
    }

    /** An agent's NOT_FOUND for a job, as a sentence that names it and says why it may be gone. */
    private static MeshcpException named(JobRef job, MeshcpException e) {
        if (e.kind() != MeshcpException.Kind.NOT_FOUND) {
            return e;
        }
        return new MeshcpException(MeshcpException.Kind.NOT_FOUND, "unknown job " + job + ": it never ran there, or it "
                + "ended long enough ago that its agent no longer keeps it (the job list shows what is kept)", e);
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.CANCELLED, "cancelled");
        } catch (ExecutionException e) {
            throw FanOut.asMeshcp(e.getCause());
        }
    }

    /** One AttachJob stream. */
    private static final class Follow implements ClientResponseObserver<AttachJobRequest, ExecEvent>, Attachment {
        private final Machine machine;
        private final JobRef job;
        private final ExecListener listener;
        private final CompletableFuture<JobStatus> ended = new CompletableFuture<>();
        private volatile ClientCallStreamObserver<AttachJobRequest> call;
        private volatile boolean detached;
        private JobInfo last;

        Follow(Machine machine, JobRef job, ExecListener listener) {
            this.machine = machine;
            this.job = job;
            this.listener = listener;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<AttachJobRequest> requestStream) {
            this.call = requestStream;
        }

        @Override
        public void onNext(ExecEvent event) {
            ExecWire.deliver(event, machine.name(), listener);
            if (event.hasJob()) {
                last = event.getJob();
            } else if (event.hasResult() && event.getResult().hasJob()) {
                last = event.getResult().getJob();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (detached && last != null) {
                ended.complete(JobStatus.of(machine.name(), last));
                return;
            }
            ended.completeExceptionally(named(job, AgentErrors.translate(t, machine)));
        }

        @Override
        public void onCompleted() {
            if (last == null) {
                onError(io.grpc.Status.INTERNAL.withDescription("the agent ended the attach without the job's state").asRuntimeException());
                return;
            }
            ended.complete(JobStatus.of(machine.name(), last));
        }

        @Override
        public JobRef job() {
            return job;
        }

        @Override
        public CompletableFuture<JobStatus> ended() {
            return ended;
        }

        @Override
        public void detach() {
            detached = true;
            ClientCallStreamObserver<AttachJobRequest> c = call;
            if (c != null) {
                c.cancel("detached", null);
            }
        }
    }

}
