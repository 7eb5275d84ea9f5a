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

    /**
     * A sentence for people about {@code failure}: a {@link MeshcpException}'s own message, "Cancelled.", an I/O
     * error's message; anything else is a bug, logged here once with its stack, and the sentence says only that.
     */
    public static String describe(Throwable failure) {
        Throwable t = unwrap(failure);
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
        return "Something went wrong that meshcp did not expect. The details are in the log; please report it.";
    }

    /** The failure's kind: its {@link MeshcpException.Kind}, CANCELLED for a cancelled task, else null. */
    public static MeshcpException.Kind kindOf(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof MeshcpException m) {
            return m.kind();
        }
        return t instanceof CancellationException || t instanceof InterruptedException ? MeshcpException.Kind.CANCELLED : null;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException || t instanceof UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
