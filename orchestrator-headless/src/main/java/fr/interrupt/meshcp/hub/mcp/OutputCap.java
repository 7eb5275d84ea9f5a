package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.shared.text.TextDecoding;
import java.nio.charset.Charset;

/**
 * Fits command output into a tool result. Claude Code refuses tool results over 25,000 tokens
 * (and warns past 10,000), so a result weighs at most {@link #RESULT_BUDGET_BYTES} bytes as sent
 * (about 10,000 tokens; {@link ResultSize} measures it): the head and the tail of the output, cut at
 * line ends, with a marker that says how many bytes were left out and the offsets that read them with
 * job_output. Output is shown by the one text rule ({@link TextDecoding}, output mode): binary output is
 * described, not sent; ANSI escape sequences are removed.
 */
public final class OutputCap {
    /**
     * The most one tool result weighs, serialized as JSON: content and structuredContent together, all streams and
     * machines. The one number the README and the tool descriptions give.
     */
    public static final int RESULT_BUDGET_BYTES = 40_000;
    /**
     * Below this a machine's share of output in a fan-out is not cut further (so a fan-out to more than about 40
     * machines can pass the result limit: their states and notes alone weigh that much).
     */
    public static final int MIN_SHARE_BYTES = 256;
    /** What to do about output that is not text. */
    static final String SEE_BINARY = "pipe it through xxd, od -c or base64 on the machine to see its bytes";
    private static final int LINE_SEARCH = 2_000;

    private OutputCap() {
    }

    /**
     * What was shown of one stream. {@code omittedFrom}..{@code omittedTo} is the range left out
     * (equal when nothing was), so the rest reads as {@code job_output offset=omittedFrom}.
     */
    public record Capped(String text, long total, long omittedFrom, long omittedTo, String decodingNote) {
        Capped(String text, long total, long omittedFrom, long omittedTo) {
            this(text, total, omittedFrom, omittedTo, null);
        }

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
            TextDecoding.Decoded shown = TextDecoding.decode(all, TextDecoding.Mode.OUTPUT);
            return shown.binary() ? binary(shown, total) : new Capped(shown.text(), total, total, total, shown.note());
        }
        int headBudget = budget / 3;
        byte[] head = stream.read(0, headBudget);
        String type = TextDecoding.binaryType(head, 0, head.length);
        if (type != null) {
            return binary(TextDecoding.decode(head, TextDecoding.Mode.OUTPUT), total);
        }
        // output that starts with a UTF-16/32 byte order mark is cut on whole code units and its tail decoded alike
        Charset wide = TextDecoding.bomCharset(head, 0, head.length);
        int unit = TextDecoding.codeUnitBytes(wide);
        int headEnd = alignUp(cutAfterLastNewline(head), unit, head.length);
        long kept = stream.hasGap() ? stream.tailStart() : 0;
        long tailFrom = Math.max(Math.max(headEnd, kept), total - (budget - headEnd));
        byte[] tail = stream.read(tailFrom, (int) (total - tailFrom));
        int tailSkip = (int) (alignUp(tailFrom + skipToNextLine(tail), unit, total) - tailFrom);
        long omittedTo = tailFrom + tailSkip;
        TextDecoding.Decoded headText = TextDecoding.decode(head, 0, headEnd, TextDecoding.Mode.OUTPUT);
        TextDecoding.Decoded tailText = unit == 1 ? TextDecoding.decode(tail, tailSkip, tail.length, TextDecoding.Mode.OUTPUT)
                : TextDecoding.decodeAs(tail, tailSkip, tail.length, wide, TextDecoding.Mode.OUTPUT);
        String text = headText.text() + marker(omittedTo - headEnd, headEnd, omittedTo) + tailText.text();
        return new Capped(text, total, headEnd, omittedTo, Common.joinNotes(headText.note(), tailText.note()));
    }

    /** The last {@code budget} bytes of a stream still being written (the start is what was left out). */
    public static Capped tail(OutputSource stream, int budget) {
        long total = stream.total();
        if (total <= budget && !stream.hasGap()) {
            byte[] all = stream.read(0, (int) total);
            TextDecoding.Decoded shown = TextDecoding.decode(all, TextDecoding.Mode.OUTPUT);
            return shown.binary() ? binary(shown, total) : new Capped(shown.text(), total, total, total, shown.note());
        }
        long from = Math.max(total - budget, stream.hasGap() ? stream.tailStart() : 0);
        byte[] tail = stream.read(from, budget);
        if (TextDecoding.binaryType(tail, 0, tail.length) != null) {
            return binary(TextDecoding.decode(tail, TextDecoding.Mode.OUTPUT), total);
        }
        int skip = skipToNextLine(tail);
        long shownFrom = from + skip;
        TextDecoding.Decoded shown = TextDecoding.decode(tail, skip, tail.length, TextDecoding.Mode.OUTPUT);
        String text = "[... first " + shownFrom + " bytes not shown: read them with job_output offset=0 ...]\n" + shown.text();
        return new Capped(text, total, 0, shownFrom, shown.note());
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

    private static long alignUp(long offset, int unit, long limit) {
        long aligned = (offset + unit - 1) / unit * unit;
        return Math.min(aligned, limit);
    }

    private static int alignUp(int offset, int unit, int limit) {
        return (int) alignUp((long) offset, unit, (long) limit);
    }

    /** Binary output is described, not sent: its bytes are left out from 0 to the end. */
    private static Capped binary(TextDecoding.Decoded sample, long total) {
        String text = "[" + total + " bytes, " + sample.binaryType() + ": not shown as text]";
        return new Capped(text, total, 0, total, "binary output (" + sample.binaryType() + "): " + SEE_BINARY);
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
