package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.hub.jobs.Attachment;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import fr.interrupt.meshcp.hub.service.ExecListener;
import java.time.Clock;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * One job shown in the console's output area: a machine's part of a command run from here, or a job
 * attached from the Jobs list. Its live output, then its final state, exit code and duration.
 */
public final class MachineRun {
    private final String machine;
    private final String command;
    private final java.time.Instant startedAt;
    private final boolean own;
    private final Clock clock;
    private final OutputBuffer output;
    private final ReadOnlyObjectWrapper<ExecState> state = new ReadOnlyObjectWrapper<>(ExecState.RUNNING);
    private final ReadOnlyBooleanWrapper succeeded = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("running…");
    private final ReadOnlyObjectWrapper<Integer> exitCode = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper following = new ReadOnlyBooleanWrapper(true);
    private JobRef job;
    private final CancelSignal cancel = new CancelSignal();
    private Attachment attachment;
    private boolean detached;

    private final ReadOnlyStringWrapper badge = new ReadOnlyStringWrapper("running");

    private MachineRun(String machine, String command, java.time.Instant startedAt, JobRef job, boolean own, Executor ui,
                       int maxLines, Clock clock) {
        this.machine = machine;
        this.command = command;
        this.startedAt = startedAt;
        this.job = job;
        this.own = own;
        this.clock = clock;
        this.output = new OutputBuffer(ui, maxLines);
    }

    /** A machine's part of a command run from the console; its job is known once started. */
    static MachineRun own(String machine, String command, Executor ui, int maxLines, Clock clock) {
        return new MachineRun(machine, command, clock.instant(), null, true, ui, maxLines, clock);
    }

    /** A job started elsewhere (or earlier), attached from the Jobs list. */
    static MachineRun attached(JobStatus status, Executor ui, int maxLines, Clock clock) {
        MachineRun run = new MachineRun(status.machine(), status.command(), status.startedAt(), status.ref(), false, ui,
                maxLines, clock);
        run.summary.set("following " + status.ref() + " · started by " + status.caller());
        return run;
    }

    public String machine() {
        return machine;
    }

    /** The command line as it was run. */
    public String command() {
        return command;
    }

    /** When the command was started (from here, or by the agent for an attached job). */
    public java.time.Instant startedAt() {
        return startedAt;
    }

    /** The tab's word for how the job stands: "running", "exit 0", "exit 1", "signal 9", "timed out", "cancelled", "not started", "not followed". */
    public ReadOnlyStringProperty badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    /** The tab's title: the machine for a run of ours, MACHINE:ID for an attached job. */
    public String title() {
        return own ? machine : String.valueOf(jobRef());
    }

    /** A node id suffix unique among the tabs: the machine, or machine-id for an attached job. */
    public String key() {
        return own ? machine : machine + "-" + jobRef().id();
    }

    /** Started from this console (not attached from the Jobs list). */
    public boolean isOwn() {
        return own;
    }

    /** The job, once the agent has started it (null before, or when it could not start). */
    public synchronized JobRef jobRef() {
        return job;
    }

    public ObservableList<OutputLine> lines() {
        return output.lines();
    }

    public ReadOnlyObjectProperty<ExecState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Exited with status 0 (the green dot). */
    public ReadOnlyBooleanProperty succeededProperty() {
        return succeeded.getReadOnlyProperty();
    }

    /** "exit 0 · 12 ms", "exit 2 · 1.4 s", "cancelled after 3.0 s", or why it could not run. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> exitCodeProperty() {
        return exitCode.getReadOnlyProperty();
    }

    /** True until the job ended, could not start, or is no longer followed. */
    public ReadOnlyBooleanProperty followingProperty() {
        return following.getReadOnlyProperty();
    }

    /** Receives the attached job's output (any thread): lines, and a one-line note for each gap. */
    ExecListener listener() {
        return new ExecListener() {
            @Override
            public void onOutput(String machineName, OutputKind kind, byte[] chunk) {
                output.append(kind, chunk);
            }

            @Override
            public void onGap(String machineName, OutputKind kind, long from, long to) {
                output.note(gapNote(kind, to - from));
            }
        };
    }

    static String gapNote(ExecListener.OutputKind kind, long bytes) {
        return "[… " + ByteSizes.format(bytes) + " of " + kind.label() + " not kept by the agent …]";
    }

    /** Background thread: the agent started the job. */
    synchronized void jobStarted(JobRef ref) {
        this.job = ref;
    }

    /** What cancelling this run does once its job is known; at once if Cancel was already pressed. */
    void onCancel(Runnable cancelJob) {
        cancel.onCancel(cancelJob);
    }

    /** Cancels the job now if it is known, else as soon as it starts. */
    void requestCancel() {
        cancel.fire();
    }

    /** The job is followed; if this run was already dropped (a new run, the app closing), it stops following at once. */
    void attached(Attachment following) {
        boolean dropped;
        synchronized (this) {
            this.attachment = following;
            dropped = this.detached;
        }
        if (dropped) {
            following.detach();
        }
    }

    /** Stops following, now or as soon as the job is attached; the job runs on. */
    void detach() {
        Attachment a;
        synchronized (this) {
            detached = true;
            a = attachment;
        }
        if (a != null) {
            a.detach();
        }
    }

    /** A note of the app's own in the output (any thread). */
    void note(String text) {
        output.note(text);
    }

    /** UI thread: the job ended (or was found ended). */
    void finished(JobStatus status) {
        following.set(false);
        exitCode.set(status.exitCode());
        succeeded.set(status.succeeded());
        state.set(status.state());
        String time = Durations.human(status.elapsed(clock));
        badge.set(badgeOf(status));
        switch (status.state()) {
            case EXITED:
                summary.set((status.signal() > 0 ? "killed by signal " + status.signal() : "exit " + status.exitCode()) + " · " + time);
                break;
            case TIMED_OUT:
                summary.set("killed after timeout · " + time);
                break;
            case CANCELLED:
                summary.set(status.elapsed(clock).isZero() ? "cancelled" : "cancelled after " + time);
                break;
            case FAILED:
                summary.set(status.outcomeWords());
                output.note(status.outcomeWords());
                break;
            default:
                summary.set("running…");
                break;
        }
        if (status.stdout().hasGap() || status.stderr().hasGap()) {
            summary.set(summary.get() + " · output truncated (" + ByteSizes.format(status.outputBytes()) + " produced)");
        }
    }

    static String badgeOf(JobStatus status) {
        switch (status.state()) {
            case EXITED:
                return status.signal() > 0 ? "signal " + status.signal() : "exit " + status.exitCode();
            case TIMED_OUT:
                return "timed out";
            case CANCELLED:
                return "cancelled";
            case FAILED:
                return "not started";
            default:
                return "running";
        }
    }

    /** UI thread: the job could not be started: the reason once, in the output; the summary stays short. */
    void failed(String message) {
        following.set(false);
        state.set(ExecState.FAILED);
        badge.set("not started");
        summary.set("not started");
        output.note(message);
    }

    /** UI thread: following stopped before the job's end was seen (the machine was lost); the job may run on. */
    void lost(String message) {
        following.set(false);
        badge.set("not followed");
        summary.set("no longer followed: " + message);
        output.note(message + " The job may still be running: see Jobs.");
    }
}
