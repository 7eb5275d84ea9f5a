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
        return JsonSchemas.string("Job id as exec, exec_many or list_jobs return it: MACHINE:ID, e.g. \"web1:3f9a1c2e0b7d\". "
                + "Jobs are kept by the machine's agent, so they survive a restart of this server.", "web1:3f9a1c2e0b7d");
    }

    static Map<String, Object> waitSeconds(int defaultSeconds) {
        return JsonSchemas.withDefault(JsonSchemas.integer("How long to wait for the command to finish before returning "
                + "(default " + defaultSeconds + "). A command still running then keeps running as a job; 0 returns at once. "
                + "Keep it under your client's request timeout (often 60 s).", 0, ExecTools.MAX_WAIT_SECONDS), defaultSeconds);
    }

    /** "12 ms", "3.4 s", "2 min 5 s", "3 h 12 min", "5 d 2 h". */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 3600) {
            return s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return s / 3600 + " h " + (s % 3600) / 60 + " min";
        }
        return s / 86_400 + " d " + (s % 86_400) / 3600 + " h";
    }

    /** "512 B", "12.3 KiB", "50.0 MiB" (binary units, as agent.yaml's limits are written). */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = n / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
