package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Runs commands on machines, one or many, streaming their output. Every run is audited. */
public final class ExecService {
    /** The RPC deadline is the command's timeout plus this, so the agent's own timeout fires first. */
    private static final Duration DEADLINE_SLACK = Duration.ofSeconds(30);
    /** Used as the RPC deadline when no timeout is asked (the agent applies max_timeout_seconds). */
    private static final Duration NO_TIMEOUT_DEADLINE = Duration.ofHours(24);

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;

    public ExecService(MachineRegistry registry, AgentChannels channels, AuditLog audit) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
    }

    /** Starts the command and returns at once. */
    public RunningExec start(String machineName, ExecOptions options, ExecListener listener) {
        Machine machine = registry.require(machineName);
        CompletableFuture<ExecOutcome> outcome = new CompletableFuture<>();
        Duration deadline = options.timeout() == null ? NO_TIMEOUT_DEADLINE : options.timeout().plus(DEADLINE_SLACK);
        Call call = new Call(machine, options, listener, outcome);
        channels.async(machine).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .exec(request(options), call);
        return call;
    }

    /** Runs the command to its end. Interrupting the calling thread cancels it. */
    public ExecOutcome run(String machineName, ExecOptions options, ExecListener listener) {
        RunningExec running = start(machineName, options, listener);
        try {
            return running.outcome().get();
        } catch (InterruptedException e) {
            running.cancel();
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "cancelled");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    /**
     * Runs the command on several machines, at most {@code parallelism} at a time. Never throws for
     * one machine's failure: each result says what happened there.
     */
    public List<FanOutResult> runMany(List<String> machineNames, ExecOptions options, ExecListener listener, int parallelism) {
        Semaphore slots = new Semaphore(Math.max(1, parallelism));
        Map<String, CompletableFuture<FanOutResult>> results = new LinkedHashMap<>();
        List<RunningExec> started = new ArrayList<>();
        try {
            for (String name : machineNames) {
                slots.acquire();
                CompletableFuture<FanOutResult> result;
                try {
                    RunningExec running = start(name, options, listener);
                    started.add(running);
                    result = running.outcome().handle((outcome, failure) -> failure == null
                            ? new FanOutResult(name, outcome, null)
                            : new FanOutResult(name, null, unwrap(failure).getMessage()));
                } catch (MeshcpException e) {
                    result = CompletableFuture.completedFuture(new FanOutResult(name, null, e.getMessage()));
                }
                result.whenComplete((r, t) -> slots.release());
                results.put(name, result);
            }
            List<FanOutResult> all = new ArrayList<>();
            for (CompletableFuture<FanOutResult> f : results.values()) {
                all.add(f.get());
            }
            return all;
        } catch (InterruptedException e) {
            started.forEach(RunningExec::cancel);
            Thread.currentThread().interrupt();
            throw new MeshcpException(MeshcpException.Kind.UNREACHABLE, "cancelled");
        } catch (ExecutionException e) {
            throw unwrap(e.getCause());
        }
    }

    private static ExecRequest request(ExecOptions options) {
        return ExecRequest.newBuilder()
                .setCommand(options.command())
                .setTimeoutSeconds(options.timeout() == null ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        (options.timeout().toMillis() + 999) / 1000)))
                .setWorkingDirectory(options.workingDirectory())
                .putAllEnv(options.env())
                .setMaxOutputBytes(Math.max(0, options.maxOutputBytes()))
                .build();
    }

    static MeshcpException unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MeshcpException m) {
            return m;
        }
        if (t instanceof CancellationException) {
            return new MeshcpException(MeshcpException.Kind.UNREACHABLE, "cancelled");
        }
        return new MeshcpException(MeshcpException.Kind.UNREACHABLE, "unexpected failure: " + t, t);
    }

    /** One Exec RPC: forwards output, completes the outcome once, audits the end. */
    private final class Call implements ClientResponseObserver<ExecRequest, ExecEvent>, RunningExec {
        private final Machine machine;
        private final ExecOptions options;
        private final ExecListener listener;
        private final CompletableFuture<ExecOutcome> outcome;
        private volatile ClientCallStreamObserver<ExecRequest> requestStream;
        private final long startedNanos = System.nanoTime();
        private volatile boolean cancelRequested;
        private ExecResult result;

        Call(Machine machine, ExecOptions options, ExecListener listener, CompletableFuture<ExecOutcome> outcome) {
            this.machine = machine;
            this.options = options;
            this.listener = listener;
            this.outcome = outcome;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ExecRequest> stream) {
            this.requestStream = stream;
        }

        @Override
        public void onNext(ExecEvent event) {
            if (event.hasOutput()) {
                var chunk = event.getOutput();
                listener.onOutput(machine.name(), chunk.getStream() == OutputStream.STDERR
                        ? ExecListener.OutputKind.STDERR : ExecListener.OutputKind.STDOUT, chunk.getData().toByteArray());
            } else if (event.hasResult()) {
                result = event.getResult();
            }
        }

        @Override
        public void onError(Throwable t) {
            if (cancelRequested) {
                finish(new ExecOutcome(machine.name(), -1, Duration.ofNanos(System.nanoTime() - startedNanos),
                        false, false, true, 0));
                return;
            }
            MeshcpException error = AgentErrors.translate(t, machine);
            audit.record("exec", machine.name(), Map.of("command", options.command(), "error", error.getMessage()));
            outcome.completeExceptionally(error);
        }

        @Override
        public void onCompleted() {
            if (result == null) {
                onError(io.grpc.Status.INTERNAL.withDescription("the agent ended the command without a result").asRuntimeException());
                return;
            }
            finish(new ExecOutcome(machine.name(), result.getExitCode(), Duration.ofMillis(result.getDurationMillis()),
                    result.getTruncated(), result.getTimedOut(), result.getCancelled(), result.getOutputBytes()));
        }

        private void finish(ExecOutcome done) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("command", options.command());
            details.put("exit_code", done.exitCode());
            details.put("duration_ms", done.duration().toMillis());
            if (done.timedOut()) {
                details.put("timed_out", true);
            }
            if (done.cancelled()) {
                details.put("cancelled", true);
            }
            audit.record("exec", machine.name(), details);
            outcome.complete(done);
        }

        @Override
        public String machine() {
            return machine.name();
        }

        @Override
        public CompletableFuture<ExecOutcome> outcome() {
            return outcome;
        }

        @Override
        public void cancel() {
            cancelRequested = true;
            ClientCallStreamObserver<ExecRequest> stream = requestStream;
            if (stream != null) {
                stream.cancel("cancelled by the user", null);
            }
        }
    }
}
