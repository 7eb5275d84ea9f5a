package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.proto.agent.v1.ShellCapability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Before {@code exec --timeout N}: which machines' agents would cut the command earlier, at their
 * {@code max_timeout_seconds} (read from their status, a couple of seconds at most). The command still runs
 * (warn-and-run): the agent applies its own limit.
 */
final class TimeoutLimits {
    /** How long the status of each machine may take before the warning says the limit is unknown. */
    static final Duration DEADLINE = Duration.ofSeconds(2);

    private TimeoutLimits() {
    }

    /** One sentence per machine whose limit is below {@code seconds}, or whose limit could not be read. */
    static List<String> warnings(Hub hub, List<String> machines, int seconds) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(machines.size(), 8), daemon());
        try {
            List<Future<String>> asked = new ArrayList<>();
            for (String machine : machines) {
                asked.add(pool.submit(() -> warning(hub, machine, seconds)));
            }
            List<String> warnings = new ArrayList<>();
            for (Future<String> answer : asked) {
                try {
                    String warning = answer.get();
                    if (warning != null) {
                        warnings.add(warning);
                    }
                } catch (ExecutionException e) {
                    // warning() catches what it expects; anything else is left to the run itself
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return warnings;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The sentence for one machine, or null when its agent allows {@code seconds}. */
    static String warning(Hub hub, String machine, int seconds) {
        ShellCapability shell;
        try {
            shell = hub.status().status(hub.machines().require(machine), DEADLINE).getCapabilities().getShell();
        } catch (MeshcpException e) {
            return machine + ": could not read its agent's time limit in " + DEADLINE.toSeconds() + " s; the agent may "
                    + "cut the command before --timeout " + seconds + " (at its max_timeout_seconds)";
        }
        int max = shell.getMaxTimeoutSeconds();
        if (!shell.getEnabled() || max <= 0 || seconds <= max) {
            return null;
        }
        return machine + ": --timeout " + seconds + " is above its agent's limit (max_timeout_seconds: " + max
                + "); the command runs and is killed after " + max + " s";
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return task -> {
            Thread thread = new Thread(task, "meshcp-timeout-limits");
            thread.setDaemon(true);
            return thread;
        };
    }
}
