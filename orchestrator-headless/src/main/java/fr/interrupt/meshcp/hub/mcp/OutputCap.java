package fr.interrupt.meshcp.hub.mcp;

/**
 * Fits command output into a tool result. Claude Code refuses tool results over 25,000 tokens
 * (and warns past 10,000), so each result carries at most {@link #RESULT_BUDGET_BYTES} bytes of
 * output text (about 10,000 to 13,000 tokens): the head and the tail, cut at line ends, with a
 * marker that says how many bytes were left out and the offsets that read them with job_output.
 */
public final class OutputCap {
    /** The output text one tool result carries, all streams and machines together. */
    public static final int RESULT_BUDGET_BYTES = 40_000;
    /** Below this a machine's share in a fan-out is not cut further. */
    public static final int MIN_SHARE_BYTES = 2_000;
    private static final int LINE_SEARCH = 2_000;

    private OutputCap() {
    }

    /**
     * What was shown of one stream. {@code omittedFrom}..{@code omittedTo} is the range left out
     * (equal when nothing was), so the rest reads as {@code job_output offset=omittedFrom}.
     */
    public record Capped(String text, long total, long omittedFrom, long omittedTo) {
        public boolean complete() {
            return omittedFrom == omittedTo;
        }

        public long omitted() {
            return omittedTo - omittedFrom;
        }
    }

    /** Head and tail of a finished stream within {@code budget} bytes. */
    public static Capped headAndTail(OutputSource stream, int budget) {
        long total = stream.total();
        if (total <= budget && !stream.hasGap()) {
            byte[] all = stream.read(0, (int) total);
            return new Capped(TextBytes.decode(all, 0, all.length), total, total, total);
        }
        int headBudget = budget / 3;
        byte[] head = stream.read(0, headBudget);
        int headEnd = cutAfterLastNewline(head);
        long kept = stream.hasGap() ? stream.tailStart() : 0;
        long tailFrom = Math.max(Math.max(headEnd, kept), total - (budget - headEnd));
        byte[] tail = stream.read(tailFrom, (int) (total - tailFrom));
        int tailSkip = skipToNextLine(tail);
        long omittedTo = tailFrom + tailSkip;
        String text = TextBytes.decode(head, 0, headEnd)
                + marker(omittedTo - headEnd, headEnd, omittedTo)
                + TextBytes.decode(tail, tailSkip, tail.length);
        return new Capped(text, total, headEnd, omittedTo);
    }

    /** The last {@code budget} bytes of a stream still being written (the start is what was left out). */
    public static Capped tail(OutputSource stream, int budget) {
        long total = stream.total();
        if (total <= budget && !stream.hasGap()) {
            byte[] all = stream.read(0, (int) total);
            return new Capped(TextBytes.decode(all, 0, all.length), total, total, total);
        }
        long from = Math.max(total - budget, stream.hasGap() ? stream.tailStart() : 0);
        byte[] tail = stream.read(from, budget);
        int skip = skipToNextLine(tail);
        long shownFrom = from + skip;
        String text = "[... first " + shownFrom + " bytes not shown: read them with job_output offset=0 ...]\n"
                + TextBytes.decode(tail, skip, tail.length);
        return new Capped(text, total, 0, shownFrom);
    }

    /** Splits {@code budget} between two streams: each gets what it needs when both fit, else stderr at least a quarter. */
    public static int[] split(long stdoutBytes, long stderrBytes, int budget) {
        if (stdoutBytes + stderrBytes <= budget) {
            return new int[] {(int) stdoutBytes, (int) stderrBytes};
        }
        int err = (int) Math.min(stderrBytes, Math.max(budget / 4, budget - stdoutBytes));
        int out = budget - err;
        if (out > stdoutBytes) {
            out = (int) stdoutBytes;
            err = budget - out;
        }
        return new int[] {out, err};
    }

    private static String marker(long omitted, long from, long to) {
        return "\n[... " + omitted + " bytes omitted (offsets " + from + " to " + to
                + "): read them with job_output offset=" + from + " ...]\n";
    }

    private static int cutAfterLastNewline(byte[] head) {
        for (int i = head.length - 1; i >= Math.max(0, head.length - LINE_SEARCH); i--) {
            if (head[i] == '\n') {
                return i + 1;
            }
        }
        return TextBytes.completeLength(head, head.length);
    }

    private static int skipToNextLine(byte[] tail) {
        for (int i = 0; i < Math.min(tail.length, LINE_SEARCH); i++) {
            if (tail[i] == '\n') {
                return i + 1;
            }
        }
        return TextBytes.charStartAtOrAfter(tail, 0, tail.length);
    }
}
