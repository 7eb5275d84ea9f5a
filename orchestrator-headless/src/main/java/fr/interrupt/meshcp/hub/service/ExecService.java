package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.JobInfo;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs commands in the foreground: the agent runs each as a job tied to the call (Exec RPC), so
 * cancelling the call, or losing the connection, kills the command's process tree — what a person
 * at a terminal expects of Ctrl-C. Detached jobs that outlive the caller are {@link fr.interrupt.meshcp.hub.jobs.JobService}'s.
 * Every run is audited when it ends.
 */
public final class ExecService {
    /** The RPC deadline is the command's timeout plus this, so the agent's own timeout fires first. */
    private static final Duration DEADLINE_SLACK = Duration.ofSeconds(30);
    /** Used as the RPC deadline when no timeout is asked (the agent applies max_timeout_seconds). */
    private static final Duration NO_TIMEOUT_DEADLINE = Duration.ofHours(24);

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;
    private final String caller;

    /** {@code caller} is recorded by the agent with every job, e.g. "cli:alice". */
    public ExecService(MachineRegistry registry, AgentChannels channels, AuditLog audit, String caller) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.caller = caller;
    }

    /** Starts the command and returns at once; unknown machine → NOT_FOUND. */
    public RunningExec start(String machineName, ExecOptions options, ExecListener listener) {
        Machine machine = registry.require(machineName);
        audit.requireWritable();
        Call call = new Call(machine, options, listener);
        channels.async(machine).withDeadlineAfter(deadline(options).toMillis(), TimeUnit.MILLISECONDS)
                .exec(ExecWire.of(options, caller), call);
        return call;
    }

    /** Runs the command to its end. Interrupting the calling thread cancels it (CANCELLED). */
    public ExecOutcome run(String machineName, ExecOptions options, ExecListener listener) {
        return start(machineName, options, listener).await();
    }

    /**
     * Runs the command on several machines, at most {@code parallelism} at a time ({@link FanOut}). Never throws for
     * one machine's failure: each result says what happened there. Interrupting the caller cancels every command
     * still running and returns what each machine ended with (cancelled ones included).
     */
    public List<FanOut.Each<ExecOutcome>> runMany(List<String> machineNames, ExecOptions options, ExecListener listener,
                                                 int parallelism) {
        CancelSignal cancelled = new CancelSignal();
        FanOut.Run<ExecOutcome> run = FanOut.start(machineNames, parallelism, name -> {
            RunningExec running = start(name, options, listener);
            cancelled.onCancel(running::cancel); // also when it started just as the caller was interrupted
            return running.outcome();
        });
        try {
            return run.results().get();
        } catch (InterruptedException e) {
            run.cancel();
            cancelled.fire();
            List<FanOut.Each<ExecOutcome>> results = run.results().join();
            Thread.currentThread().interrupt();
            return results;
        } catch (ExecutionException e) {
            throw FanOut.asMeshcp(e.getCause());
        }
    }

    static Duration deadline(ExecOptions options) {
        return options.timeout() == null ? NO_TIMEOUT_DEADLINE : options.timeout().plus(DEADLINE_SLACK);
    }

    /** The outcome an agent reported; from an agent that predates jobs, read from the old flags. */
    static ExecOutcome outcome(String machine, ExecResult result) {
        Duration duration = Duration.ofMillis(result.getDurationMillis());
        if (result.hasJob()) {
            JobInfo job = result.getJob();
            ExecState state = ExecState.of(job.getState());
            int exit = state == ExecState.EXITED ? job.getExitCode() : -1;
            return new ExecOutcome(machine, job.getId(), state, exit, job.getSignal(), duration, result.getTruncated(),
                    result.getOutputBytes());
        }
        ExecState state = result.getTimedOut() ? ExecState.TIMED_OUT : result.getCancelled() ? ExecState.CANCELLED : ExecState.EXITED;
        return new ExecOutcome(machine, "", state, state == ExecState.EXITED ? result.getExitCode() : -1, 0, duration,
                result.getTruncated(), result.getOutputBytes());
    }

    /** One Exec RPC: forwards output, completes the outcome once, audits the end ({@link ExecCallEnd}). */
    private final class Call implements ClientResponseObserver<ExecRequest, ExecEvent>, RunningExec {
        private final Machine machine;
        private final ExecCallEnd end;
        private volatile ClientCallStreamObserver<ExecRequest> requestStream;

        Call(Machine machine, ExecOptions options, ExecListener listener) {
            this.machine = machine;
            this.end = new ExecCallEnd(machine, options.command(), Map.of(), audit, listener);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ExecRequest> stream) {
            this.requestStream = stream;
        }

        @Override
        public void onNext(ExecEvent event) {
            end.onEvent(event);
        }

        @Override
        public void onError(Throwable t) {
            end.onError(t);
        }

        @Override
        public void onCompleted() {
            end.onCompleted();
        }

        @Override
        public String machine() {
            return machine.name();
        }

        @Override
        public CompletableFuture<ExecOutcome> outcome() {
            return end.outcome();
        }

        @Override
        public void cancel() {
            end.cancelRequested();
            ClientCallStreamObserver<ExecRequest> stream = requestStream;
            if (stream != null) {
                stream.cancel("cancelled by the user", null);
            }
        }
    }
}
