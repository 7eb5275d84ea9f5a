package fr.interrupt.meshcp.desktop.policy;

import fr.interrupt.meshcp.desktop.ui.Dispatch;
import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.hub.policy.Approval;
import fr.interrupt.meshcp.hub.policy.ApprovalService;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.Printable;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Claude's requests that wait for a person (machines in policy mode ask), read from the approvals file that
 * {@code serve} and the CLI share, and the decisions: approve (which starts the command as a job under Claude's name,
 * or writes the file change), approve and allow the same command on that machine for an hour, deny with a reason.
 */
public final class ApprovalsViewModel {
    private final ApprovalService approvals;
    private final Dispatch dispatch;
    private final ObservableList<Approval> pending = FXCollections.observableArrayList();
    private final ObservableList<Approval> readOnlyPending = FXCollections.unmodifiableObservableList(pending);
    private final ObjectProperty<Approval> selected = new SimpleObjectProperty<>();
    private final ReadOnlyIntegerWrapper count = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper banner = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper canDecide = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canAllowForAnHour = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper deciding = new ReadOnlyBooleanWrapper();
    private Runnable onNewRequest = () -> { };
    private boolean checking;

    public ApprovalsViewModel(ApprovalService approvals, Dispatch dispatch) {
        this.approvals = approvals;
        this.dispatch = dispatch;
        selected.addListener((obs, old, now) -> updateCommands());
        deciding.addListener((obs, old, now) -> updateCommands());
    }

    // Properties

    /** The requests waiting, oldest first. */
    public ObservableList<Approval> pending() {
        return readOnlyPending;
    }

    /** The request shown in detail (input); the oldest one when nothing is picked. */
    public ObjectProperty<Approval> selectedProperty() {
        return selected;
    }

    /** How many requests wait. */
    public ReadOnlyIntegerProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** The sentence of the window's banner ("Claude asks to run … on web-1"); "" when nothing waits. */
    public ReadOnlyStringProperty bannerProperty() {
        return banner.getReadOnlyProperty();
    }

    /** What the last decision did, or why it failed. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canDecideProperty() {
        return canDecide.getReadOnlyProperty();
    }

    /** True when the selected request is a command that can also be allowed for an hour (file changes cannot). */
    public ReadOnlyBooleanProperty canAllowForAnHourProperty() {
        return canAllowForAnHour.getReadOnlyProperty();
    }

    /** Runs (UI thread) whenever a request appears that was not there before, so the window can come to the front. */
    public void onNewRequest(Runnable action) {
        this.onNewRequest = action;
    }

    // Commands

    /** Reads the pending requests in the background and shows any change; cheap enough to call every second. */
    public void checkForChanges() {
        if (checking) {
            return;
        }
        checking = true;
        Tasks.supply(approvals::pending).onSuccess(this::show).onErrorMessage(status::set)
                .andFinally(() -> checking = false).start(dispatch);
    }

    /** Approves the selected request; with {@code forAnHour}, the same command on that machine runs unasked for an hour. */
    public void approveSelected(boolean forAnHour) {
        Approval request = selected.get();
        if (request == null || deciding.get()) {
            return;
        }
        deciding.set(true);
        Tasks.supply(() -> approvals.approve(request.id(), forAnHour)).onSuccess(done -> status.set(outcome(done, forAnHour)))
                .onErrorMessage(status::set).andFinally(this::decided).start(dispatch);
    }

    /** Denies the selected request; Claude is told a person at the hub denied it, with {@code reason} if any. */
    public void denySelected(String reason) {
        Approval request = selected.get();
        if (request == null || deciding.get()) {
            return;
        }
        deciding.set(true);
        Tasks.supply(() -> approvals.deny(request.id(), reason)).onSuccess(done -> status.set("Denied: "
                + (done.isFileChange() ? what(done) : done.command()) + " on " + done.machine()))
                .onErrorMessage(status::set).andFinally(this::decided).start(dispatch);
    }

    static String outcome(Approval done, boolean forAnHour) {
        switch (done.state()) {
            case STARTED:
                return "Approved: " + done.command() + " runs on " + done.machine() + " as job " + done.job()
                        + (forAnHour ? " (allowed without asking for an hour)" : "");
            case WRITTEN:
                return "Approved: wrote " + ByteSizes.format(done.written().bytesWritten()) + " to " + done.machine() + ":"
                        + Printable.of(done.written().path())
                        + (done.written().writtenInPlace() == null ? "" : " (" + done.written().writtenInPlace() + ")");
            default:
                return done.isFileChange()
                        ? "Approved, but nothing was written on " + done.machine() + ": " + done.error()
                        : "Approved, but it could not start on " + done.machine() + ": " + done.error();
        }
    }

    private void decided() {
        deciding.set(false);
        checkForChanges();
    }

    private void show(List<Approval> now) {
        List<String> before = pending.stream().map(Approval::id).toList();
        List<String> after = now.stream().map(Approval::id).toList();
        if (before.equals(after)) {
            return;
        }
        boolean fresh = after.stream().anyMatch(id -> !before.contains(id));
        String keep = selected.get() == null ? null : selected.get().id();
        pending.setAll(now);
        selected.set(now.stream().filter(a -> Objects.equals(a.id(), keep)).findFirst().orElse(now.isEmpty() ? null : now.get(0)));
        count.set(now.size());
        banner.set(bannerText(now));
        if (fresh) {
            onNewRequest.run();
        }
    }

    static String bannerText(List<Approval> waiting) {
        if (waiting.isEmpty()) {
            return "";
        }
        Approval first = waiting.get(0);
        String one = "Claude asks to " + what(first) + " on " + first.machine();
        return waiting.size() == 1 ? one + ": approve or deny it." : one + " and " + (waiting.size() - 1) + " more request"
                + (waiting.size() > 2 ? "s" : "") + " wait for you.";
    }

    /** What a request asks, in a few words: run "COMMAND", write PATH, edit PATH. */
    static String what(Approval request) {
        if (!request.isFileChange()) {
            return "run \"" + oneLine(request.command()) + "\"";
        }
        return (request.file().isEdit() ? "edit " : "write ") + oneLine(Printable.of(request.file().path()));
    }

    static String oneLine(String command) {
        String flat = command.replaceAll("\\s+", " ").strip();
        return flat.length() > 70 ? flat.substring(0, 67) + "..." : flat;
    }

    private void updateCommands() {
        canDecide.set(selected.get() != null && !deciding.get());
        canAllowForAnHour.set(canDecide.get() && !selected.get().isFileChange());
    }
}
