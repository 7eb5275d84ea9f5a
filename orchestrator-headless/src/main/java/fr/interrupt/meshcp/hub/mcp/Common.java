package fr.interrupt.meshcp.hub.mcp;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Argument schemas and wording shared by several tools. */
final class Common {
    static final String MACHINE_HELP = "Machine name as enrolled (see list_machines), e.g. \"web1\".";

    private Common() {
    }

    static Map<String, Object> machine() {
        return JsonSchemas.string(MACHINE_HELP, "web1");
    }

    static Map<String, Object> jobId() {
        return JsonSchemas.string("Job id returned by exec or exec_many, e.g. \"job-3f9a1c2e\".", "job-3f9a1c2e");
    }

    static Map<String, Object> waitSeconds(int defaultSeconds) {
        return JsonSchemas.withDefault(JsonSchemas.integer("How long to wait for the command to finish before returning "
                + "(default " + defaultSeconds + "). A command still running then keeps running as a job; 0 returns at once. "
                + "Keep it under your client's request timeout (often 60 s).", 0, ExecTools.MAX_WAIT_SECONDS), defaultSeconds);
    }

    /** "12 ms", "3.4 s", "2 min 5 s". */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return ms / 60_000 + " min " + (ms % 60_000) / 1000 + " s";
    }

    /** "512 B", "12.3 KB", "4.0 MB" (decimal units, as people read them). */
    static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1000.0);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", n / 1_000_000.0);
        }
        return String.format(Locale.ROOT, "%.1f GB", n / 1_000_000_000.0);
    }
}
