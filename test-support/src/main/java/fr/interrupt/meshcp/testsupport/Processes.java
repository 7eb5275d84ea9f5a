package fr.interrupt.meshcp.testsupport;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending the processes a test started. */
public final class Processes {
    private Processes() {
    }

    /** SIGTERM to each process and its children, then up to 10 s each before SIGKILL. */
    public static void stopAll(List<Process> processes) {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            stop(p, 10);
        }
    }

    /** SIGTERM, then SIGKILL if it has not ended within seconds. */
    public static void stop(Process process, long seconds) {
        process.destroy();
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
