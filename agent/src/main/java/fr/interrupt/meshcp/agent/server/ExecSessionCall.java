package fr.interrupt.meshcp.agent.server;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.shell.ExecSpec;
import fr.interrupt.meshcp.agent.shell.JobInput;
import fr.interrupt.meshcp.agent.shell.JobState;
import fr.interrupt.meshcp.agent.shell.ShellExecutor;
import fr.interrupt.meshcp.agent.shell.TerminalSpec;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecInput;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecStart;
import fr.interrupt.meshcp.proto.agent.v1.TerminalSize;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/**
 * One ExecSession call: the first message starts the job (as Exec does, with stdin and perhaps a terminal); then stdin
 * bytes are written to the command and window sizes applied; the client's half-close closes the command's stdin.
 * Inbound flow control is manual: the next message is requested only once the previous one was handled (stdin bytes
 * written to the command), so a command that does not read holds its writer back instead of the agent buffering.
 * Output, result and kill on disconnect are {@link JobCall}'s. Must be made inside the service method.
 */
final class ExecSessionCall implements StreamObserver<ExecInput> {
    /** Largest stdin message accepted: 64 KiB (the hub sends at most this). */
    static final int MAX_STDIN_CHUNK = 64 * 1024;

    private final ServerCallStreamObserver<ExecEvent> response;
    private final ShellExecutor shell;
    private final JobCall output;
    // Touched only by gRPC's serialized callbacks and the write callbacks they order.
    private volatile boolean started;
    private volatile JobInput input;
    private volatile boolean failed;

    ExecSessionCall(StreamObserver<ExecEvent> observer, ShellExecutor shell, Executor drains, long agentCap) {
        this.response = (ServerCallStreamObserver<ExecEvent>) observer;
        this.shell = shell;
        this.response.disableAutoRequest();
        this.output = JobCall.forExec(observer, drains, agentCap);
        this.response.request(1);
    }

    @Override
    public void onNext(ExecInput message) {
        if (failed) {
            return;
        }
        try {
            switch (message.getInputCase()) {
                case START:
                    start(message.getStart());
                    break;
                case STDIN:
                    stdin(message);
                    return; // the next message is requested once these bytes are written
                case RESIZE:
                    resize(message.getResize());
                    break;
                default:
                    throw Refusal.invalid("the message carries nothing this agent knows; update the agent");
            }
            response.request(1);
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void start(ExecStart start) {
        if (started) {
            throw Refusal.invalid("the session was already started: only the first message may start it");
        }
        started = true;
        ExecRequest request = start.getExec();
        if (request.getMaxOutputBytes() > 0) {
            output.limitTo(request.getMaxOutputBytes());
        }
        TerminalSpec terminal = start.hasTerminal() ? new TerminalSpec(start.getTerminal().getTerm(),
                cells(start.getTerminal().getSize().getRows(), "rows"), cells(start.getTerminal().getSize().getColumns(), "columns"))
                : null;
        if (terminal == null && request.getCommand().isEmpty()) {
            throw Refusal.invalid("command is empty");
        }
        ExecSpec spec = new ExecSpec(request.getCommand(), request.getTimeoutSeconds(), request.getWorkingDirectory(), request.getEnvMap(),
                request.getMaxOutputBytes(), request.getCaller());
        ShellExecutor.Started job = shell.startWithInput(spec, output, start.getStdin(), terminal);
        if (job.job().snapshot().state() == JobState.FAILED_TO_START) {
            throw Refusal.precondition(job.job().snapshot().failure());
        }
        input = job.input();
    }

    private void stdin(ExecInput message) {
        JobInput target = requireStarted();
        if (target == null) {
            throw Refusal.invalid("stdin was not asked for when the session started");
        }
        if (message.getStdin().size() > MAX_STDIN_CHUNK) {
            throw Refusal.invalid("a stdin message carries at most " + MAX_STDIN_CHUNK + " bytes");
        }
        target.write(message.getStdin().toByteArray(), this::requestNext);
    }

    private void resize(TerminalSize size) {
        JobInput target = requireStarted();
        if (target == null || !target.terminal()) {
            throw Refusal.invalid("a window size applies only to a session on a terminal");
        }
        target.resize(TerminalSpec.requireCells(size.getRows(), "rows"), TerminalSpec.requireCells(size.getColumns(), "columns"));
    }

    private JobInput requireStarted() {
        if (!started) {
            throw Refusal.invalid("the first message must start the session (command, stdin, terminal)");
        }
        return input;
    }

    private void requestNext() {
        try {
            response.request(1);
        } catch (RuntimeException e) {
            // The call ended meanwhile.
        }
    }

    private static int cells(int wire, String what) {
        return wire == 0 ? 0 : TerminalSpec.requireCells(Integer.toUnsignedLong(wire), what);
    }

    /** A refusal before the job starts ends the call with its status; after, the job is cancelled with the call. */
    private void fail(RuntimeException e) {
        failed = true;
        output.cancelJob(); // first: JobCall sends nothing after this, so the error is the call's last word
        try {
            response.onError(Statuses.of(e).asRuntimeException());
        } catch (RuntimeException alreadyClosed) {
            // The call ended meanwhile.
        }
    }

    @Override
    public void onError(Throwable t) {
        // The client went away: JobCall's cancel handler kills the job.
    }

    @Override
    public void onCompleted() {
        JobInput target = input;
        if (target != null) {
            target.close();
        }
    }
}
