package fr.interrupt.meshcp.hub.service;

import com.google.protobuf.ByteString;
import fr.interrupt.meshcp.hub.audit.AuditLog;
import fr.interrupt.meshcp.hub.fleet.AgentChannels;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecInput;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.ExecStart;
import fr.interrupt.meshcp.proto.agent.v1.Terminal;
import fr.interrupt.meshcp.proto.agent.v1.TerminalSize;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in the foreground with input (the ExecSession RPC): the caller's stdin streamed to the command (end of
 * file closes the command's stdin), and optionally a pseudo-terminal on the agent whose size follows the caller's window.
 * Like {@link ExecService}, cancelling or losing the call kills the command's process tree, and every run is audited when
 * it ends (with {@code stdin} and {@code pty} flags).
 *
 * <p>Back-pressure: stdin is read {@value #STDIN_CHUNK} bytes at a time on a daemon thread, and the next read waits until
 * gRPC's transport is ready for more; the agent asks for the next message only once the previous one was written to the
 * command, so a command that does not read holds the local writer back (memory stays bounded on both sides).
 */
public final class ExecSessionService {
    /** Bytes read from the local stdin per message (the agent takes at most 64 KiB). */
    static final int STDIN_CHUNK = 32 * 1024;

    private final MachineRegistry registry;
    private final AgentChannels channels;
    private final AuditLog audit;
    private final String caller;

    /** {@code caller} is recorded by the agent with every job, e.g. "cli:alice". */
    public ExecSessionService(MachineRegistry registry, AgentChannels channels, AuditLog audit, String caller) {
        this.registry = registry;
        this.channels = channels;
        this.audit = audit;
        this.caller = caller;
    }

    /**
     * Starts the command and returns at once; unknown machine → NOT_FOUND. {@code stdin} is read (until end of file)
     * when the options ask for stdin or a terminal, else never; the agent's refusal (allowed_commands, a login shell
     * under allowed_commands, too many running) completes the outcome with its sentence.
     */
    public RunningSession start(String machineName, SessionOptions options, InputStream stdin, ExecListener listener) {
        Machine machine = registry.require(machineName);
        audit.requireWritable();
        boolean reads = options.stdin() || options.terminal() != null;
        Session session = new Session(machine, options, reads ? stdin : null, listener);
        // A login shell has no ExecOptions: its deadline is that of a command without a timeout.
        Duration deadline = ExecService.deadline(options.exec() != null ? options.exec() : ExecOptions.of("login shell"));
        channels.async(machine).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).execSession(session);
        session.send(ExecInput.newBuilder().setStart(start(options)).build());
        if (session.stdin == null) {
            session.halfClose();
        } else {
            Thread pump = new Thread(session::pumpStdin, "exec-stdin-" + machine.name());
            pump.setDaemon(true);
            pump.start();
        }
        return session;
    }

    private ExecStart start(SessionOptions options) {
        ExecRequest request = options.exec() == null ? ExecRequest.newBuilder().setCaller(caller).build() : ExecWire.of(options.exec(), caller);
        ExecStart.Builder start = ExecStart.newBuilder().setExec(request).setStdin(options.stdin() || options.terminal() != null);
        if (options.terminal() != null) {
            start.setTerminal(Terminal.newBuilder().setTerm(options.terminal().term())
                    .setSize(size(options.terminal().rows(), options.terminal().columns())));
        }
        return start.build();
    }

    private static TerminalSize size(int rows, int columns) {
        return TerminalSize.newBuilder().setRows(rows).setColumns(columns).build();
    }

    /** One ExecSession call: sends the start and the input, forwards output, completes the outcome once, audits the end. */
    private final class Session implements ClientResponseObserver<ExecInput, ExecEvent>, RunningSession {
        private final Machine machine;
        private final SessionOptions options;
        private final InputStream stdin;
        private final ExecCallEnd end;
        private final CompletableFuture<ExecOutcome> outcome;
        private final Object sendLock = new Object();
        private final Object readyLock = new Object();
        private volatile ClientCallStreamObserver<ExecInput> requestStream;
        // Guarded by sendLock.
        private boolean halfClosed;

        Session(Machine machine, SessionOptions options, InputStream stdin, ExecListener listener) {
            this.machine = machine;
            this.options = options;
            this.stdin = stdin;
            this.end = new ExecCallEnd(machine, options.command(), options.auditFlags(), audit, listener);
            this.outcome = end.outcome();
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ExecInput> stream) {
            this.requestStream = stream;
            stream.setOnReadyHandler(() -> {
                synchronized (readyLock) {
                    readyLock.notifyAll();
                }
            });
        }

        /** Reads stdin until end of file, sending each piece once the transport is ready; then half-closes. */
        void pumpStdin() {
            byte[] buffer = new byte[STDIN_CHUNK];
            try {
                int n;
                while (!outcome.isDone() && (n = stdin.read(buffer)) >= 0) {
                    if (n > 0 && awaitReady()) {
                        send(ExecInput.newBuilder().setStdin(ByteString.copyFrom(buffer, 0, n)).build());
                    }
                }
            } catch (IOException e) {
                // A local stdin that fails reads as its end.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            halfClose();
        }

        private boolean awaitReady() throws InterruptedException {
            synchronized (readyLock) {
                while (!outcome.isDone() && !requestStream.isReady()) {
                    readyLock.wait(1000);
                }
            }
            return !outcome.isDone();
        }

        void send(ExecInput message) {
            synchronized (sendLock) {
                if (halfClosed || outcome.isDone()) {
                    return;
                }
                try {
                    requestStream.onNext(message);
                } catch (RuntimeException e) {
                    // The call ended meanwhile; its outcome says how.
                }
            }
        }

        void halfClose() {
            synchronized (sendLock) {
                if (halfClosed || outcome.isDone()) {
                    return;
                }
                halfClosed = true;
                try {
                    requestStream.onCompleted();
                } catch (RuntimeException e) {
                    // The call ended meanwhile.
                }
            }
        }

        @Override
        public void resize(int rows, int columns) {
            if (options.terminal() != null && rows >= 1 && columns >= 1 && rows <= 1000 && columns <= 1000) {
                send(ExecInput.newBuilder().setResize(size(rows, columns)).build());
            }
        }

        @Override
        public void onNext(ExecEvent event) {
            end.onEvent(event);
        }

        @Override
        public void onError(Throwable t) {
            end.onError(t);
            wakeStdin();
        }

        @Override
        public void onCompleted() {
            end.onCompleted();
            wakeStdin();
        }

        private void wakeStdin() {
            synchronized (readyLock) {
                readyLock.notifyAll();
            }
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
            end.cancelRequested();
            ClientCallStreamObserver<ExecInput> stream = requestStream;
            if (stream != null) {
                stream.cancel("cancelled by the user", null);
            }
        }
    }
}
