package fr.interrupt.meshcp.agent.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import fr.interrupt.meshcp.agent.shell.Job;
import fr.interrupt.meshcp.agent.shell.JobSnapshot;
import fr.interrupt.meshcp.agent.shell.JobState;
import fr.interrupt.meshcp.agent.shell.KeptStream;
import fr.interrupt.meshcp.agent.shell.LiveSink;
import fr.interrupt.meshcp.agent.shell.StreamName;
import fr.interrupt.meshcp.proto.agent.v1.ExecEvent;
import fr.interrupt.meshcp.proto.agent.v1.ExecResult;
import fr.interrupt.meshcp.proto.agent.v1.OutputChunk;
import fr.interrupt.meshcp.proto.agent.v1.OutputGap;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Exec or AttachJob call: the JobInfo first, then output with offsets (an OutputGap for each range not delivered),
 * then the result. Never buffers more than gRPC's ready window: Exec's live output blocks the job's pumps while the
 * client is not ready (the command slows down to its reader); everything else is read from what the job keeps, driven
 * by onReady, so a reader that falls behind what is kept gets a gap and goes on from the kept tail.
 *
 * <p>Exec: live output up to its cap (bytes, both streams together) while the main process runs; once the job has
 * ended, a stream that passed the cap jumps to the kept tail (with a gap), and every stream sends what it kept beyond
 * what was delivered, so the last lines are always seen. Must be made inside the service method (handlers).
 */
final class JobCall implements LiveSink {
    private static final int CHUNK = 32 * 1024;

    private final ServerCallStreamObserver<ExecEvent> call;
    private final Executor drains;
    private final boolean exec;
    private long cap;
    private final boolean cancelOnDisconnect;
    private final Object lock = new Object();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Runnable wake = this::wake;
    private final long[] cursor = new long[2];
    private final boolean[] truncated = new boolean[2];
    // Guarded by lock.
    private Job job;
    private long sent;
    private boolean live;
    private boolean jumped;
    private boolean gaps;
    private boolean cancelled;
    private boolean done;

    private JobCall(StreamObserver<ExecEvent> observer, Executor drains, boolean exec, long cap, boolean cancelOnDisconnect) {
        this.call = (ServerCallStreamObserver<ExecEvent>) observer;
        this.drains = drains;
        this.exec = exec;
        this.cap = cap;
        this.cancelOnDisconnect = cancelOnDisconnect;
        call.setOnReadyHandler(this::readyChanged);
        call.setOnCancelHandler(this::cancelledByClient);
    }

    /** An Exec call: live output up to cap bytes, the job cancelled if the call goes away. */
    static JobCall forExec(StreamObserver<ExecEvent> observer, Executor drains, long cap) {
        return new JobCall(observer, drains, true, cap, true);
    }

    /** An AttachJob call from the given offsets. */
    static JobCall forAttach(StreamObserver<ExecEvent> observer, Executor drains, long stdoutOffset, long stderrOffset,
            boolean cancelOnDisconnect) {
        JobCall c = new JobCall(observer, drains, false, 0, cancelOnDisconnect);
        c.cursor[0] = stdoutOffset;
        c.cursor[1] = stderrOffset;
        return c;
    }

    /** Lowers an Exec call's cap before its job starts (an ExecSession knows the asked cap only from its first message). */
    void limitTo(long newCap) {
        synchronized (lock) {
            cap = Math.min(cap, newCap);
        }
    }

    /** Sends nothing more and cancels the job (if any yet) as a client that went away would. */
    void cancelJob() {
        cancelledByClient();
    }

    /** Attaches to an existing job: sends its info, then follows it. */
    void attach(Job target) {
        if (cancelOnDisconnect) {
            target.markCancelOnDisconnect();
        }
        begin(target);
        wake();
    }

    @Override
    public void begin(Job target) {
        boolean cancelNow;
        synchronized (lock) {
            job = target;
            live = exec;
            send(ExecEvent.newBuilder().setJob(ProtoMapper.jobInfo(target.snapshot())).build());
            cancelNow = cancelled;
        }
        if (!exec) {
            target.addListener(wake);
        }
        if (cancelNow) {
            cancelledByClient();
        }
    }

    @Override
    public void output(StreamName stream, long offset, byte[] data, int length) {
        int i = stream.ordinal();
        synchronized (lock) {
            if (!live || cancelled || offset != cursor[i]) {
                return;
            }
            int keep = (int) Math.max(0, Math.min(cap - sent, length));
            if (keep < length) {
                truncated[i] = true;
            }
            while (keep > 0 && live && !cancelled && !call.isReady()) {
                try {
                    lock.wait(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (keep > 0 && live && !cancelled) {
                send(ExecEvent.newBuilder().setOutput(chunk(stream, offset, ByteString.copyFrom(data, 0, keep))).build());
                cursor[i] += keep;
                sent += keep;
            }
        }
    }

    @Override
    public void mainExited() {
        Job target;
        synchronized (lock) {
            live = false;
            lock.notifyAll();
            target = cancelled ? null : job;
        }
        if (target != null) {
            // From now on, Exec reads what the job keeps (it ends within the pipe grace, and says so to its listeners).
            target.addListener(wake);
        }
    }

    private void readyChanged() {
        synchronized (lock) {
            lock.notifyAll();
        }
        wake();
    }

    private void cancelledByClient() {
        Job target;
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
            target = job;
        }
        if (target != null) {
            target.removeListener(wake);
            if (cancelOnDisconnect) {
                target.cancel();
            }
        }
    }

    private void wake() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                drains.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // The agent is shutting down.
                scheduled.set(false);
            }
        }
    }

    /** Sends what the job kept beyond each cursor while the client is ready; then the result once all is sent. */
    private void drain() {
        scheduled.set(false);
        boolean finished = false;
        synchronized (lock) {
            if (done || cancelled || job == null || live) {
                return;
            }
            JobSnapshot snapshot = job.snapshot();
            boolean ended = snapshot.state() != JobState.RUNNING;
            if (exec && !ended) {
                return;
            }
            if (exec && !jumped) {
                jumpPastTheCap(snapshot);
            }
            while (!cancelled && call.isReady() && sendSome()) {
                // Keep going while the client takes more.
            }
            if (ended && !cancelled && call.isReady() && caughtUp(snapshot)) {
                send(ExecEvent.newBuilder().setResult(result(snapshot)).build());
                done = true;
                finished = true;
                try {
                    call.onCompleted();
                } catch (RuntimeException e) {
                    // Cancelled meanwhile: nothing left to tell.
                }
            }
        }
        if (finished) {
            job.removeListener(wake);
        }
    }

    private void jumpPastTheCap(JobSnapshot snapshot) {
        jumped = true;
        KeptStream.Info[] infos = {snapshot.stdout(), snapshot.stderr()};
        for (StreamName name : StreamName.values()) {
            int i = name.ordinal();
            if (truncated[i] && infos[i].tailStart() > cursor[i]) {
                gap(name, cursor[i], infos[i].tailStart());
                cursor[i] = infos[i].tailStart();
            }
        }
    }

    /** One chunk (or gap) per stream; false when there was nothing to send. */
    private boolean sendSome() {
        boolean any = false;
        for (StreamName name : StreamName.values()) {
            int i = name.ordinal();
            KeptStream.Slice slice = job.stream(name).read(cursor[i], CHUNK);
            if (slice.offset() > cursor[i]) {
                gap(name, cursor[i], slice.offset());
                cursor[i] = slice.offset();
                any = true;
            }
            if (slice.data().length > 0) {
                send(ExecEvent.newBuilder().setOutput(chunk(name, slice.offset(), UnsafeByteOperations.unsafeWrap(slice.data()))).build());
                cursor[i] += slice.data().length;
                any = true;
            }
        }
        return any;
    }

    private boolean caughtUp(JobSnapshot s) {
        return cursor[0] >= s.stdout().totalBytes() && cursor[1] >= s.stderr().totalBytes();
    }

    private void gap(StreamName name, long from, long to) {
        gaps = true;
        send(ExecEvent.newBuilder().setGap(OutputGap.newBuilder().setStream(ProtoMapper.stream(name)).setFromOffset(from).setToOffset(to)).build());
    }

    private ExecResult result(JobSnapshot s) {
        return ExecResult.newBuilder()
                .setExitCode(s.exitCode())
                .setDurationMillis(s.durationMillis())
                .setTruncated(gaps)
                .setTimedOut(s.state() == JobState.TIMED_OUT)
                .setCancelled(s.state() == JobState.CANCELLED)
                .setOutputBytes(s.outputBytes())
                .setJob(ProtoMapper.jobInfo(s))
                .build();
    }

    private static OutputChunk chunk(StreamName name, long offset, ByteString data) {
        return OutputChunk.newBuilder().setStream(ProtoMapper.stream(name)).setOffset(offset).setData(data).build();
    }

    /** Sends one event; a call that ended underneath counts as cancelled. Caller holds lock. */
    private void send(ExecEvent event) {
        if (cancelled || done) {
            return;
        }
        try {
            call.onNext(event);
        } catch (RuntimeException e) {
            cancelled = true;
        }
    }
}
