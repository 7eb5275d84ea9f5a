package fr.interrupt.meshcp.agent.shell;

/** The caller string of a request, made safe to record and log: printable ASCII only, at most 64 characters. */
public final class Callers {
    /** Longest caller kept, in characters. */
    public static final int MAX_LENGTH = 64;

    private Callers() {
    }

    /** Every character outside printable ASCII becomes '?'; null becomes empty; longer text is cut at {@link #MAX_LENGTH}. */
    public static String sanitize(String caller) {
        if (caller == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(Math.min(caller.length(), MAX_LENGTH));
        for (int i = 0; i < caller.length() && sb.length() < MAX_LENGTH; i++) {
            char ch = caller.charAt(i);
            sb.append(ch >= 0x20 && ch < 0x7f ? ch : '?');
        }
        return sb.toString();
    }
}
