package fr.interrupt.meshcp.hub.mcp;

import java.util.Map;

/** Argument schemas and wording shared by several tools. */
final class Common {
    static final String MACHINE_HELP = "Machine name as enrolled (see list_machines).";

    private Common() {
    }

    static Map<String, Object> machine() {
        return JsonSchemas.string(MACHINE_HELP, "web1");
    }

    static Map<String, Object> jobId() {
        return JsonSchemas.string("MACHINE:ID, as exec, exec_many or list_jobs return it.", "web1:3f9a1c2e0b7d");
    }

    static Map<String, Object> waitSeconds(int defaultSeconds) {
        return JsonSchemas.withDefault(JsonSchemas.integer("How long to wait for the command to finish before returning "
                + "(default " + defaultSeconds + "). A command still running then keeps running as a job; 0 returns at once. "
                + "Keep it under your client's request timeout (often 60 s).", 0, ExecTools.MAX_WAIT_SECONDS), defaultSeconds);
    }

    /** Two notes of a result as one ("first; second"), either of them possibly null. */
    static String joinNotes(String first, String second) {
        return first == null ? second : second == null ? first : first + "; " + second;
    }
}
