package fr.interrupt.meshcp.hub.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** A state lock that another holder kept longer than the timeout; the message names the holder and what to do. */
public final class LockTimeoutException extends IOException {
    LockTimeoutException(Path lockFile, Duration timeout, String holder) {
        super(lockFile + " has been locked by " + holder + " for more than "
                + fr.interrupt.meshcp.shared.text.Durations.human(timeout) + "; stop that process (or wait for it) and try again");
    }
}
