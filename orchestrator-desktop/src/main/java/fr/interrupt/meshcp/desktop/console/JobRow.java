package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.shared.text.Durations;
import fr.interrupt.meshcp.desktop.ui.Formats;
import fr.interrupt.meshcp.hub.jobs.ExecState;
import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.jobs.JobStatus;
import java.time.Clock;
import java.time.Duration;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One line of the Jobs table. Updated in place by each refresh, so the table keeps its selection and
 * scroll position; what never changes for a job (its ref, machine, start, caller, command) is plain.
 */
public final class JobRow {
    private final JobRef ref;
    private final String started;
    private final ReadOnlyObjectWrapper<JobStatus> status = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ExecState> state = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper exit = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper duration = new ReadOnlyStringWrapper();

    JobRow(JobStatus first, Clock clock) {
        this.ref = first.ref();
        this.started = Formats.dateTime(first.startedAt());
        update(first, clock);
    }

    void update(JobStatus now, Clock clock) {
        status.set(now);
        state.set(now.state());
        exit.set(exitText(now));
        duration.set(durationText(now.elapsed(clock)));
    }

    public JobRef ref() {
        return ref;
    }

    /** MACHINE:ID, as the CLI and MCP tools print it. */
    public String job() {
        return ref.toString();
    }

    public String machine() {
        return ref.machine();
    }

    public String started() {
        return started;
    }

    /** Who started it: "cli:alice", "mcp:alice", "desktop:alice". */
    public String caller() {
        return status.get().caller();
    }

    public String command() {
        return status.get().command();
    }

    /** The latest status, as of the last refresh. */
    public JobStatus status() {
        return status.get();
    }

    public ReadOnlyObjectProperty<JobStatus> statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ExecState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "0", "2", "137 (signal 9?)", or "" while running or when it never exited by itself. */
    public ReadOnlyStringProperty exitProperty() {
        return exit.getReadOnlyProperty();
    }

    /** Run time so far, or in all once ended: "840 ms", "12.4 s", "4m 05s", "2h 03m". */
    public ReadOnlyStringProperty durationProperty() {
        return duration.getReadOnlyProperty();
    }

    static String exitText(JobStatus s) {
        if (s.exitCode() == null) {
            return "";
        }
        return s.signal() > 0 ? s.exitCode() + " (signal " + s.signal() + "?)" : String.valueOf(s.exitCode());
    }

    static String durationText(Duration d) {
        return Durations.human(d);
    }
}
