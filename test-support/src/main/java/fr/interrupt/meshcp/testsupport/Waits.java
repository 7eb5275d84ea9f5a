package fr.interrupt.meshcp.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting on what a child process says, with a bound, instead of sleeping. For conditions, use Awaitility. */
public final class Waits {
    private Waits() {
    }

    /** The next line from reader, or null at its end; fails with an AssertionError after timeout of silence. */
    public static String nextLine(BufferedReader reader, Duration timeout) {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            return line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            line.cancel(true);
            throw new AssertionError("no line within " + timeout, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException) {
                return null;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
