package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;

/** Between {@link ExecOptions} and the wire: one request shape for Exec and StartJob, one stream mapping. */
public final class ExecRequests {
    private ExecRequests() {
    }

    /** The request for {@code options}; the timeout is rounded up to whole seconds, {@code caller} recorded by the agent. */
    public static ExecRequest of(ExecOptions options, String caller) {
        return ExecRequest.newBuilder()
                .setCommand(options.command())
                .setTimeoutSeconds(options.timeout() == null ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        (options.timeout().toMillis() + 999) / 1000)))
                .setWorkingDirectory(options.workingDirectory())
                .putAllEnv(options.env())
                .setMaxOutputBytes(Math.max(0, options.maxOutputBytes()))
                .setCaller(caller)
                .build();
    }

    public static ExecListener.OutputKind kind(OutputStream stream) {
        return stream == OutputStream.STDERR ? ExecListener.OutputKind.STDERR : ExecListener.OutputKind.STDOUT;
    }

    public static OutputStream wire(ExecListener.OutputKind kind) {
        return kind == ExecListener.OutputKind.STDERR ? OutputStream.STDERR : OutputStream.STDOUT;
    }
}
