package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningExec;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/** One machine's part of a command run from the console: its live output, then exit code and duration. */
public final class MachineRun {
    private final String machine;
    private final OutputBuffer output;
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(RunState.RUNNING);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("running…");
    private final ReadOnlyObjectWrapper<Integer> exitCode = new ReadOnlyObjectWrapper<>();
    private volatile RunningExec running;
    private volatile boolean cancelRequested;

    MachineRun(String machine, Executor ui, int maxLines) {
        this.machine = machine;
        this.output = new OutputBuffer(ui, maxLines);
    }

    public String machine() {
        return machine;
    }

    public ObservableList<OutputLine> lines() {
        return output.lines();
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "exit 0 · 12 ms", "exit 2 · 1.4 s", "cancelled", or why it could not run. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> exitCodeProperty() {
        return exitCode.getReadOnlyProperty();
    }

    OutputBuffer output() {
        return output;
    }

    void started(RunningExec exec) {
        this.running = exec;
        if (cancelRequested) {
            exec.cancel();
        }
    }

    void cancel() {
        cancelRequested = true;
        RunningExec exec = running;
        if (exec != null) {
            exec.cancel();
        }
    }

    /** UI thread. */
    void finished(ExecOutcome outcome) {
        exitCode.set(outcome.exitCode());
        String time = Formats.millis(outcome.duration());
        if (outcome.cancelled()) {
            state.set(RunState.CANCELLED);
            summary.set(outcome.duration().isZero() ? "cancelled" : "cancelled after " + time);
        } else if (outcome.timedOut()) {
            state.set(RunState.FAILED);
            summary.set("killed after timeout · " + time);
        } else {
            state.set(outcome.exitCode() == 0 ? RunState.SUCCEEDED : RunState.FAILED);
            summary.set("exit " + outcome.exitCode() + " · " + time);
        }
        if (outcome.truncated()) {
            summary.set(summary.get() + " · output truncated (" + Formats.bytes(outcome.outputBytes()) + " produced)");
        }
    }

    /** UI thread. */
    void failed(String message) {
        state.set(RunState.ERROR);
        summary.set(message);
        output.note(message);
    }
}
