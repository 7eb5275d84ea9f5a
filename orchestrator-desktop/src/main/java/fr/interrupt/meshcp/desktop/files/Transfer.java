package fr.interrupt.meshcp.desktop.files;

import fr.interrupt.meshcp.desktop.ui.Tasks;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** A download or upload in progress: what, how far (bytes arrive on a worker, shown in batches), cancel. */
public final class Transfer {
    private final String what;
    private final long total;
    private final Executor ui;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(true);
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicBoolean updateScheduled = new AtomicBoolean();
    private volatile Tasks.Handle task;

    Transfer(String what, long total, Executor ui) {
        this.what = what;
        this.total = total;
        this.ui = ui;
        text.set(what + "…");
    }

    /** 0..1, or -1 when the size is unknown. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "Downloading notes.txt · 1.2 MB of 4.0 MB", then how it ended. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** The service's progress callback (worker thread): coalesced into one UI update at a time. */
    LongConsumer listener() {
        return value -> {
            bytes.set(value);
            if (updateScheduled.compareAndSet(false, true)) {
                ui.execute(this::show);
            }
        };
    }

    private void show() {
        updateScheduled.set(false);
        if (!running.get()) {
            return;
        }
        long done = bytes.get();
        progress.set(total > 0 ? Math.min(1, (double) done / total) : -1);
        text.set(what + " · " + ByteSizes.format(done) + (total > 0 ? " of " + ByteSizes.format(total) : ""));
    }

    void task(Tasks.Handle handle) {
        this.task = handle;
    }

    void cancel() {
        Tasks.Handle t = task;
        if (t != null) {
            t.cancel();
        }
    }

    /** UI thread. */
    void finished(String message, boolean success) {
        running.set(false);
        progress.set(success ? 1 : 0);
        text.set(message);
    }
}
