package fr.interrupt.meshcp.desktop.ui;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a failure into a short sentence for a person. Unexpected failures are logged here, once. */
public final class UserMessages {
    private static final Logger LOG = LoggerFactory.getLogger(UserMessages.class);
    /** "web-1: path ... is outside allowed_paths": a machine name stays as it is written. */
    private static final java.util.regex.Pattern MACHINE_PREFIX = java.util.regex.Pattern.compile("[a-z0-9-]+: ");

    private UserMessages() {
    }

    public static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof MeshcpException) {
            return capitalize(t.getMessage());
        }
        if (t instanceof CancellationException || t instanceof InterruptedException) {
            return "Cancelled.";
        }
        if (t instanceof IOException) {
            return capitalize(t.getMessage() == null ? "input/output error" : t.getMessage());
        }
        LOG.error("unexpected failure", t);
        return "Something went wrong (" + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "). Details are in the log.";
    }

    /** "machine x is unreachable" → "Machine x is unreachable." */
    public static String capitalize(String sentence) {
        if (sentence == null || sentence.isBlank()) {
            return "Unknown error.";
        }
        String s = sentence.strip();
        if (!MACHINE_PREFIX.matcher(s).lookingAt()) {
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? s : s + ".";
    }
}
