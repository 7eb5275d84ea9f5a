package fr.interrupt.meshcp.shared.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes from a remote machine (a file, command output) as text a person or a model can read: the one rule
 * every face uses (MCP read_file and exec output, the desktop's file preview).
 *
 * <ul>
 * <li>Encoding: a byte order mark picks UTF-8, UTF-16LE/BE or UTF-32LE/BE (Unicode 15, section 23.8); without
 * one the bytes are read as UTF-8. Malformed sequences become U+FFFD and are counted, never a reason to call
 * the bytes binary by themselves.</li>
 * <li>Binary: only by a known magic number at the start (ELF, PNG, gzip, zip, PDF...; see
 * {@link #describeMagic}) or by density over the whole sample: more than {@link #BINARY_DENSITY_PERCENT}% of
 * the bytes are neither text nor part of a run of NULs (a NUL run is the hole an unclean shutdown leaves in a
 * log: it is shown as one marker, not counted against the text). A sample that is nothing but NULs is binary
 * ("NUL bytes only").</li>
 * <li>Compact text: a run of NULs becomes {@code [N NUL bytes]}; in {@link Mode#OUTPUT}, ANSI escape
 * sequences (ECMA-48 CSI {@code ESC [ ... final}, OSC {@code ESC ] ... BEL}) are removed, since colours are
 * noise to a model and each ESC costs six characters in JSON, and the other C0 controls are shown as their
 * Unicode control pictures (U+2400 block), one character each. {@link Mode#FILE} keeps every other
 * character as it is, so an edit can match it.</li>
 * </ul>
 */
public final class TextDecoding {
    /** Share of non-text bytes (percent of the sample, NUL runs excluded) above which bytes are binary. */
    public static final int BINARY_DENSITY_PERCENT = 10;
    /** NULs in a row from which they count as a hole (shown as a marker) rather than as binary content. */
    public static final int NUL_RUN = 8;

    /** How text is made compact. */
    public enum Mode {
        /** File content: only NUL runs are folded; every other character is kept. */
        FILE,
        /** Command output: also drops ANSI escape sequences and shows C0 controls as control pictures. */
        OUTPUT
    }

    /**
     * The bytes as text, or why they are not text.
     *
     * @param text the text ("" when binary)
     * @param charset the encoding used, such as "UTF-8" or "UTF-16LE"
     * @param bom true when a byte order mark chose the encoding (it is not part of {@code text})
     * @param replaced malformed sequences shown as U+FFFD
     * @param nulBytes NUL bytes folded into {@code [N NUL bytes]} markers
     * @param escapes ANSI escape sequences removed (OUTPUT mode)
     * @param controls C0 control characters shown as control pictures (OUTPUT mode)
     * @param binaryType null for text, else what the bytes are ("ELF executable or library", "NUL bytes", "binary data")
     */
    public record Decoded(String text, String charset, boolean bom, int replaced, long nulBytes, int escapes, int controls,
                          String binaryType) {
        /** True when the bytes are not text. */
        public boolean binary() {
            return binaryType != null;
        }

        /** A sentence on what was changed to show the bytes as text; null when nothing was. */
        public String note() {
            List<String> parts = new ArrayList<>();
            if (bom || !"UTF-8".equals(charset)) {
                parts.add("decoded as " + charset + (bom ? " (byte order mark)" : ""));
            }
            if (replaced > 0) {
                parts.add(replaced + " invalid byte sequence(s) shown as U+FFFD");
            }
            if (nulBytes > 0) {
                parts.add(nulBytes + " NUL byte(s) shown as [N NUL bytes]");
            }
            if (escapes > 0) {
                parts.add(escapes + " ANSI escape sequence(s) (colours, cursor moves) removed");
            }
            if (controls > 0) {
                parts.add(controls + " control character(s) shown as symbols (U+2400 block)");
            }
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
    }

    private TextDecoding() {
    }

    /** {@link #decode(byte[], int, int, Mode)} of the whole array. */
    public static Decoded decode(byte[] bytes, Mode mode) {
        return decode(bytes, 0, bytes.length, mode);
    }

    /**
     * Decodes {@code bytes[from, to)}: binary detection first, then the encoding the BOM names (UTF-8 without
     * one), then the compact form of {@code mode}.
     */
    public static Decoded decode(byte[] bytes, int from, int to, Mode mode) {
        Bom bom = Bom.of(bytes, from, to);
        if (bom == null) {
            String type = binaryType(bytes, from, to);
            if (type != null) {
                return new Decoded("", "UTF-8", false, 0, 0, 0, 0, type);
            }
        }
        Charset charset = bom == null ? StandardCharsets.UTF_8 : bom.charset;
        int start = from + (bom == null ? 0 : bom.length);
        int[] replaced = new int[1];
        String raw = decodeLenient(bytes, start, to, charset, replaced);
        Compact compact = compact(raw, mode);
        return new Decoded(compact.text, charset.name(), bom != null, replaced[0], compact.nuls, compact.escapes,
                compact.controls, null);
    }

    /**
     * Decodes {@code bytes[from, to)} as {@code charset}, known from elsewhere (the byte order mark at the start of the
     * stream this slice was cut from); no binary detection, the compact form of {@code mode}.
     */
    public static Decoded decodeAs(byte[] bytes, int from, int to, Charset charset, Mode mode) {
        int[] replaced = new int[1];
        Compact compact = compact(decodeLenient(bytes, from, to, charset, replaced), mode);
        return new Decoded(compact.text, charset.name(), false, replaced[0], compact.nuls, compact.escapes, compact.controls, null);
    }

    /**
     * Bytes per code unit of text in {@code charset}, so a slice of such text is cut on whole units: 2 for UTF-16,
     * 4 for UTF-32, 1 for UTF-8 or null (no byte order mark).
     */
    public static int codeUnitBytes(Charset charset) {
        if (charset == null || charset.equals(StandardCharsets.UTF_8)) {
            return 1;
        }
        return charset.name().startsWith("UTF-32") ? 4 : 2;
    }

    /** The charset a byte order mark at {@code bytes[from]} names, or null without one. */
    public static Charset bomCharset(byte[] bytes, int from, int to) {
        Bom bom = Bom.of(bytes, from, to);
        return bom == null ? null : bom.charset;
    }

    /**
     * Null when {@code bytes[from, to)} starts with a byte order mark or (read as UTF-8) is text by the rule
     * above; otherwise what the bytes
     * are: a format named by its magic number, "NUL bytes only" or "binary data".
     */
    public static String binaryType(byte[] bytes, int from, int to) {
        if (Bom.of(bytes, from, to) != null) {
            return null;
        }
        String magic = describeMagic(bytes, from, to);
        if (magic != null) {
            return magic;
        }
        int length = to - from;
        if (length == 0) {
            return null;
        }
        long nonText = 0;
        long inNulRuns = 0;
        int i = from;
        // a sample read from the middle may start inside a character
        while (i < to && i - from < 3 && (bytes[i] & 0xC0) == 0x80) {
            i++;
        }
        while (i < to) {
            int b = bytes[i] & 0xFF;
            if (b == 0) {
                int run = i;
                while (run < to && bytes[run] == 0) {
                    run++;
                }
                if (run - i >= NUL_RUN) {
                    inNulRuns += run - i;
                } else {
                    nonText += run - i;
                }
                i = run;
                continue;
            }
            if (b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != 0x1B && b != '\b') {
                nonText++;
                i++;
                continue;
            }
            if (b < 0x80) {
                i++;
                continue;
            }
            int len = utf8Length(bytes, i, to);
            if (len <= 0) {
                // a character cut at the very end of the sample is not a fault of the bytes
                nonText += (len == 0 && to - i < 4) ? 0 : 1;
                i += len == 0 ? to - i : 1;
            } else {
                i += len;
            }
        }
        long counted = length - inNulRuns;
        if (counted == 0) {
            return "NUL bytes only";
        }
        return nonText * 100 > counted * BINARY_DENSITY_PERCENT ? "binary data" : null;
    }

    /** A short name for well-known binary formats from their first bytes; null when none matches. */
    public static String describeMagic(byte[] head, int from, int to) {
        if (starts(head, from, to, 0x89, 'P', 'N', 'G')) {
            return "PNG image";
        }
        if (starts(head, from, to, 0xFF, 0xD8, 0xFF)) {
            return "JPEG image";
        }
        if (starts(head, from, to, 'G', 'I', 'F', '8')) {
            return "GIF image";
        }
        if (starts(head, from, to, '%', 'P', 'D', 'F', '-')) {
            return "PDF document";
        }
        if (starts(head, from, to, 'P', 'K', 3, 4) || starts(head, from, to, 'P', 'K', 5, 6)) {
            return "ZIP archive (also jar, docx, xlsx...)";
        }
        if (starts(head, from, to, 0x1F, 0x8B)) {
            return "gzip-compressed data";
        }
        if (starts(head, from, to, 'B', 'Z', 'h')) {
            return "bzip2-compressed data";
        }
        if (starts(head, from, to, 0xFD, '7', 'z', 'X', 'Z', 0)) {
            return "xz-compressed data";
        }
        if (starts(head, from, to, 0x28, 0xB5, 0x2F, 0xFD)) {
            return "zstd-compressed data";
        }
        if (starts(head, from, to, 0x7F, 'E', 'L', 'F')) {
            return "ELF executable or library";
        }
        if (starts(head, from, to, 'M', 'Z') && to - from >= 64 && hasZeroIn(head, from + 2, Math.min(to, from + 64))) {
            return "Windows executable (PE)";
        }
        if (starts(head, from, to, 0xCF, 0xFA, 0xED, 0xFE) || starts(head, from, to, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return "Mach-O executable or Java class file";
        }
        if (starts(head, from, to, 'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f', 'o', 'r', 'm', 'a', 't')) {
            return "SQLite database";
        }
        if (starts(head, from, to, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
            return "7-zip archive";
        }
        if (to - from > 262 && head[from + 257] == 'u' && head[from + 258] == 's' && head[from + 259] == 't'
                && head[from + 260] == 'a' && head[from + 261] == 'r') {
            return "tar archive";
        }
        return null;
    }

    // ---------------------------------------------------------------- decoding

    private static String decodeLenient(byte[] bytes, int from, int to, Charset charset, int[] replaced) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, Math.max(0, to - from));
        CharBuffer out = CharBuffer.allocate(Math.max(16, (int) ((to - from) * (double) decoder.maxCharsPerByte()) + 16));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                if (in.hasRemaining()) {
                    // an incomplete character at the end: shown as one replacement
                    out.put('\uFFFD');
                    replaced[0]++;
                }
                if (decoder.flush(out).isOverflow()) {
                    out = grow(out);
                    decoder.flush(out);
                }
                break;
            }
            if (result.isOverflow()) {
                out = grow(out);
                continue;
            }
            out.put('\uFFFD');
            replaced[0]++;
            in.position(in.position() + result.length());
        }
        out.flip();
        return out.toString();
    }

    private static CharBuffer grow(CharBuffer out) {
        CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
        out.flip();
        bigger.put(out);
        return bigger;
    }

    private record Compact(String text, long nuls, int escapes, int controls) {
    }

    private static Compact compact(String raw, Mode mode) {
        StringBuilder out = new StringBuilder(raw.length());
        long nuls = 0;
        int escapes = 0;
        int controls = 0;
        int i = 0;
        int n = raw.length();
        while (i < n) {
            char c = raw.charAt(i);
            if (c == 0) {
                int run = i;
                while (run < n && raw.charAt(run) == 0) {
                    run++;
                }
                if (run - i >= NUL_RUN) {
                    out.append('[').append(run - i).append(" NUL bytes]");
                    nuls += run - i;
                } else if (mode == Mode.OUTPUT) {
                    out.append("\u2400".repeat(run - i));
                    controls += run - i;
                } else {
                    out.append(raw, i, run);
                }
                i = run;
                continue;
            }
            if (mode == Mode.OUTPUT && c == 0x1B) {
                int end = escapeEnd(raw, i);
                if (end > i) {
                    escapes++;
                    i = end;
                    continue;
                }
            }
            if (mode == Mode.OUTPUT && ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F)) {
                out.append(c == 0x7F ? '\u2421' : (char) (0x2400 + c));
                controls++;
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        return new Compact(out.toString(), nuls, escapes, controls);
    }

    /** The index after the escape sequence starting at {@code at} (an ESC), or {@code at} when it is not one. */
    private static int escapeEnd(String s, int at) {
        int n = s.length();
        if (at + 1 >= n) {
            return at;
        }
        char kind = s.charAt(at + 1);
        if (kind == '[') {
            // CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E (ECMA-48 5.4)
            int i = at + 2;
            while (i < n && s.charAt(i) >= 0x20 && s.charAt(i) <= 0x3F) {
                i++;
            }
            return i < n && s.charAt(i) >= 0x40 && s.charAt(i) <= 0x7E ? i + 1 : at;
        }
        if (kind == ']') {
            // OSC: ended by BEL or ESC \ (window titles, hyperlinks)
            for (int i = at + 2; i < n && i < at + 2048; i++) {
                if (s.charAt(i) == 0x07) {
                    return i + 1;
                }
                if (s.charAt(i) == 0x1B && i + 1 < n && s.charAt(i + 1) == '\\') {
                    return i + 2;
                }
            }
            return at;
        }
        if (kind >= 0x40 && kind <= 0x5F || kind == '(' || kind == ')') {
            // two-byte escapes (ESC M, ESC 7...) and charset selections ESC ( B
            return kind == '(' || kind == ')' ? Math.min(n, at + 3) : at + 2;
        }
        return at;
    }

    // ---------------------------------------------------------------- bytes

    /** The length of the valid UTF-8 sequence at {@code i}, 0 when the sample ends inside it, -1 when malformed. */
    private static int utf8Length(byte[] b, int i, int to) {
        int lead = b[i] & 0xFF;
        int len = lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : -1;
        if (len < 0) {
            return -1;
        }
        for (int k = 1; k < len; k++) {
            if (i + k >= to) {
                return 0;
            }
            if ((b[i + k] & 0xC0) != 0x80) {
                return -1;
            }
        }
        return len;
    }

    private static boolean starts(byte[] head, int from, int to, int... magic) {
        if (to - from < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[from + i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasZeroIn(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private enum Bom {
        UTF_32LE(Charset.forName("UTF-32LE"), 0xFF, 0xFE, 0x00, 0x00),
        UTF_32BE(Charset.forName("UTF-32BE"), 0x00, 0x00, 0xFE, 0xFF),
        UTF_8(StandardCharsets.UTF_8, 0xEF, 0xBB, 0xBF),
        UTF_16LE(StandardCharsets.UTF_16LE, 0xFF, 0xFE),
        UTF_16BE(StandardCharsets.UTF_16BE, 0xFE, 0xFF);

        private final Charset charset;
        private final int[] mark;
        private final int length;

        Bom(Charset charset, int... mark) {
            this.charset = charset;
            this.mark = mark;
            this.length = mark.length;
        }

        /** UTF-32LE is tried before UTF-16LE: its mark starts with UTF-16LE's. */
        static Bom of(byte[] bytes, int from, int to) {
            for (Bom bom : values()) {
                if (starts(bytes, from, to, bom.mark)) {
                    return bom;
                }
            }
            return null;
        }
    }
}
