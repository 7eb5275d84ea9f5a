package fr.interrupt.meshcp.hub.mcp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

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
     * True when the bytes look like binary data: a NUL byte, or a sequence that is not valid UTF-8
     * (a character cut at either end of the sample does not count).
     */
    public static boolean looksBinary(byte[] bytes, int length) {
        int n = Math.min(length, bytes.length);
        for (int i = 0; i < n; i++) {
            if (bytes[i] == 0) {
                return true;
            }
        }
        int start = charStartAtOrAfter(bytes, 0, n);
        int end = completeLength(bytes, n);
        if (end <= start) {
            return false;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer ignored = decoder.decode(ByteBuffer.wrap(bytes, start, end - start));
            return ignored == null;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    /** A short name for well-known binary formats, from their first bytes; "binary data" otherwise. */
    public static String describeBinary(byte[] head, int length) {
        if (starts(head, length, 0x89, 'P', 'N', 'G')) {
            return "PNG image";
        }
        if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
            return "JPEG image";
        }
        if (starts(head, length, 'G', 'I', 'F', '8')) {
            return "GIF image";
        }
        if (starts(head, length, '%', 'P', 'D', 'F')) {
            return "PDF document";
        }
        if (starts(head, length, 'P', 'K', 3, 4)) {
            return "ZIP archive (also jar, docx, xlsx...)";
        }
        if (starts(head, length, 0x1F, 0x8B)) {
            return "gzip-compressed data";
        }
        if (starts(head, length, 'B', 'Z', 'h')) {
            return "bzip2-compressed data";
        }
        if (starts(head, length, 0xFD, '7', 'z', 'X', 'Z')) {
            return "xz-compressed data";
        }
        if (starts(head, length, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "zstd-compressed data";
        }
        if (starts(head, length, 0x7F, 'E', 'L', 'F')) {
            return "ELF executable or library";
        }
        if (starts(head, length, 'M', 'Z')) {
            return "Windows executable (PE)";
        }
        if (starts(head, length, 0xCF, 0xFA, 0xED, 0xFE) || starts(head, length, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return "Mach-O executable or Java class file";
        }
        if (starts(head, length, 'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't')) {
            return "SQLite database";
        }
        if (length > 262 && head[257] == 'u' && head[258] == 's' && head[259] == 't' && head[260] == 'a' && head[261] == 'r') {
            return "tar archive";
        }
        return "binary data";
    }

    private static boolean starts(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
