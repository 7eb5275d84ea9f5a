package fr.interrupt.meshcp.desktop.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's one handler for exceptions nothing else caught (a cell factory, a listener, a background thread):
 * logs each once with its stack, and tells the person in one short sentence, without a stack trace or a class
 * name. While that sentence is still on screen, further failures are only logged, so a failing cell that
 * throws on every repaint does not bury the window in dialogs.
 */
public final class UncaughtErrors implements Thread.UncaughtExceptionHandler {
    /** What the person reads. */
    public static final String SENTENCE = "Something went wrong that meshcp did not expect, and the last action may not "
            + "have finished. The details are in the log; please report it.";
    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrors.class);

    private final Consumer<String> show;
    private final AtomicBoolean showing = new AtomicBoolean();

    /**
     * {@code show} puts the sentence on screen (any thread may call it; it must hop to the FX thread itself)
     * and calls {@link #dismissed()} once the person has closed it.
     */
    public UncaughtErrors(Consumer<String> show) {
        this.show = show;
    }

    /**
     * The app's handler: the sentence in an error alert over {@code owner} (when it shows), on the FX thread.
     * The alert is shown without waiting ({@code show}, not {@code showAndWait}): a failure may come in the
     * middle of a layout or an animation, where waiting is not allowed.
     */
    public static UncaughtErrors showingAlerts(java.util.function.Supplier<javafx.stage.Window> owner) {
        UncaughtErrors[] self = new UncaughtErrors[1];
        self[0] = new UncaughtErrors(sentence -> javafx.application.Platform.runLater(() -> {
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR, sentence);
            alert.setHeaderText("Unexpected error");
            javafx.stage.Window window = owner.get();
            if (window != null && window.isShowing()) {
                alert.initOwner(window);
            }
            alert.setOnHidden(e -> self[0].dismissed());
            alert.show();
        }));
        return self[0];
    }

    /**
     * Makes {@code handler} the default for every thread, the FX application thread included (it has no
     * handler of its own, so the default applies). Call once, at start.
     */
    public static void install(UncaughtErrors handler) {
        Thread.setDefaultUncaughtExceptionHandler(handler);
    }

    @Override
    public void uncaughtException(Thread thread, Throwable failure) {
        LOG.error("uncaught exception on thread {}", thread.getName(), failure);
        if (showing.compareAndSet(false, true)) {
            try {
                show.accept(SENTENCE);
            } catch (RuntimeException e) {
                showing.set(false);
                LOG.error("cannot show the error message", e);
            }
        }
    }

    /** The sentence was closed: the next failure shows it again. */
    public void dismissed() {
        showing.set(false);
    }
}
