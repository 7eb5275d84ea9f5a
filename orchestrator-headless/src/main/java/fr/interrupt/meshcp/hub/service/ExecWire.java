package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecRequest;
import fr.interrupt.meshcp.proto.agent.v1.OutputStream;

/** Between the hub's exec types and the wire: one request shape for Exec and StartJob, one way to hand events to a listener. */
public final class ExecWire {
    private ExecWire() {
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

    /**
     * Hands an event's output, gap or job to {@code listener} (an Exec or AttachJob stream); the result, and any
     * event kind a newer agent adds, are left to the caller.
     */
    public static void deliver(ExecEvent event, String machine, ExecListener listener) {
        switch (event.getEventCase()) {
            case OUTPUT:
                listener.onOutput(machine, kind(event.getOutput().getStream()), event.getOutput().getData().toByteArray());
                break;
            case GAP:
                listener.onGap(machine, kind(event.getGap().getStream()), event.getGap().getFromOffset(), event.getGap().getToOffset());
                break;
            case JOB:
                listener.onJob(machine, new JobRef(machine, event.getJob().getId()));
                break;
            default:
                break;
        }
    }

    public static ExecListener.OutputKind kind(OutputStream stream) {
        return stream == OutputStream.STDERR ? ExecListener.OutputKind.STDERR : ExecListener.OutputKind.STDOUT;
    }

    public static OutputStream wire(ExecListener.OutputKind kind) {
        return kind == ExecListener.OutputKind.STDERR ? OutputStream.STDERR : OutputStream.STDOUT;
    }
}
