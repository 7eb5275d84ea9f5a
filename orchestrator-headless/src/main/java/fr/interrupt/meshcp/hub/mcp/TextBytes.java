package fr.interrupt.meshcp.hub.mcp;

import java.nio.charset.StandardCharsets;
import fr.interrupt.meshcp.shared.text.TextDecoding;

/** Bytes seen as text: UTF-8 boundaries, lenient decoding, and telling binary data from text. */
public final class TextBytes {
    /** How much of a file is inspected to decide whether it is binary. */
    public static final int SNIFF_BYTES = 8192;

    private TextBytes() {
    }

    /** Decodes UTF-8, replacing malformed sequences with U+FFFD (command output is not always clean). */
    public static String decode(byte[] bytes, int from, int to) {
        return new String(bytes, from, Math.max(0, to - from), StandardCharsets.UTF_8);
    }

    /** Moves {@code index} back to the start of the UTF-8 character it falls in. */
    public static int charStartAtOrBefore(byte[] bytes, int index, int floor) {
        int i = index;
        while (i > floor && i < bytes.length && isContinuation(bytes[i]) && index - i < 3) {
            i--;
        }
        return i;
    }

    /** Moves {@code index} forward past continuation bytes, to the start of the next character. */
    public static int charStartAtOrAfter(byte[] bytes, int index, int ceiling) {
        int i = index;
        while (i < ceiling && isContinuation(bytes[i]) && i - index < 3) {
            i++;
        }
        return i;
    }

    /**
     * The length of {@code bytes[0, length)} without a multi-byte character cut at the end, so a
     * chunk read from the middle of a file never ends in half a character.
     */
    public static int completeLength(byte[] bytes, int length) {
        if (length == 0) {
            return 0;
        }
        int start = charStartAtOrBefore(bytes, length - 1, 0);
        int lead = bytes[start] & 0xFF;
        int needed = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return start + needed <= length ? length : start;
    }

    public static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /**
     * True when the bytes are binary by the one rule of {@link TextDecoding#binaryType}: a known magic number, or
     * non-text bytes (NULs outside long runs, controls, invalid UTF-8) over a tenth of the sample.
     */
    public static boolean looksBinary(byte[] bytes, int length) {
        return TextDecoding.binaryType(bytes, 0, Math.min(length, bytes.length)) != null;
    }

    /** A short name for well-known binary formats, from their first bytes; "binary data" otherwise. */
    public static String describeBinary(byte[] head, int length) {
        String magic = TextDecoding.describeMagic(head, 0, Math.min(length, head.length));
        return magic == null ? "binary data" : magic;
    }
}
