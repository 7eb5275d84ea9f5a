package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.shared.text.TextDecoding;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * read_file's line mode for a UTF-16 or UTF-32 file (named by its byte order mark), whose newlines are not
 * single bytes: the first {@link #WINDOW_BYTES} of the file are decoded and split into lines as text. Offsets
 * in the result are byte offsets in the file (two bytes per UTF-16 code unit, four per UTF-32 code point).
 */
final class WideTextLines {
    /** How much of a wide-text file line mode reads; past it, the note says to use exec (iconv). */
    static final int WINDOW_BYTES = 4 << 20;

    private WideTextLines() {
    }

    static McpSchema.CallToolResult read(Hub hub, String machine, String path, FileInfo info, int startLine, int maxLines,
                                         int budget) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        hub.files().read(machine, path, 0, WINDOW_BYTES, sink, n -> { });
        byte[] bytes = sink.toByteArray();
        boolean whole = bytes.length >= info.getSize();
        TextDecoding.Decoded decoded = TextDecoding.decode(bytes, TextDecoding.Mode.FILE);
        String text = decoded.text();
        boolean utf32 = decoded.charset().startsWith("UTF-32");
        int bom = utf32 ? 4 : 2;

        int line = 1;
        int at = 0;
        while (line < startLine && at < text.length()) {
            int nl = text.indexOf('\n', at);
            at = nl < 0 ? text.length() : nl + 1;
            line++;
        }
        int from = at;
        int returned = 0;
        int used = 0;
        boolean cut = false;
        while (returned < maxLines && at < text.length()) {
            int nl = text.indexOf('\n', at);
            int end = nl < 0 ? text.length() : nl + 1;
            int weight = text.substring(at, end).getBytes(StandardCharsets.UTF_8).length;
            if (used + weight > budget && returned > 0) {
                cut = true;
                break;
            }
            used += weight;
            at = end;
            returned++;
        }
        boolean eof = at >= text.length() && whole;
        long fromByte = bom + byteLength(text, 0, from, utf32);
        long nextByte = fromByte + byteLength(text, from, at, utf32);
        Integer nextStartLine = eof ? null : startLine + returned;
        long totalLines = text.isEmpty() ? 0 : text.split("\n", -1).length - (text.endsWith("\n") ? 1 : 0);
        String note;
        if (returned == 0 && eof) {
            note = "the file has " + totalLines + " line(s): start_line " + startLine + " is past its end";
        } else if (!eof && at >= text.length()) {
            note = "only the first " + WINDOW_BYTES + " bytes of this " + decoded.charset() + " file are read as lines: "
                    + "convert the rest with exec (iconv -f " + decoded.charset() + " -t UTF-8 FILE | tail)";
        } else if (!eof) {
            note = "more lines: call again with start_line " + nextStartLine + (cut ? " (this result is full)" : "");
        } else {
            note = null;
        }
        String shown = text.substring(from, at);
        String fullNote = note == null ? decoded.note() : decoded.note() + "; " + note;
        ReadFileResult result = ReadFileResult.lines(machine, path, info, shown, fromByte, nextByte - fromByte,
                eof ? null : nextByte, eof, returned == 0 ? null : startLine, returned == 0 ? null : startLine + returned - 1,
                nextStartLine, eof ? totalLines : null, fullNote);
        String header = machine + ":" + path + (returned == 0 ? "" : " lines " + startLine + "-" + (startLine + returned - 1))
                + (eof ? " (end of file)" : "") + ":\n";
        return ToolResults.success(result.structured(), header + shown + "\nnote: " + fullNote);
    }

    private static long byteLength(String text, int from, int to, boolean utf32) {
        return utf32 ? 4L * text.codePointCount(from, to) : 2L * (to - from);
    }
}
