package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;

import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.shared.text.FileModes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structured result of read_file in each of its modes (lines, text bytes, base64 bytes, binary file);
 * its schema is {@link #schema()}. Fields a mode does not fill are null (line numbers in byte mode) or their
 * neutral value.
 */
record ReadFileResult(String machine, String path, long size, String modified, String mode, boolean binary, String type,
                      String encoding, String content, long offset, long bytesRead, Long nextOffset, boolean eof,
                      Integer startLine, Integer endLine, Integer nextStartLine, Long totalLines, String note) {

    /** Line mode: {@code content} holds whole lines from {@code startLine}. */
    static ReadFileResult lines(String machine, String path, FileInfo info, String content, long offset, long bytesRead,
                                Long nextOffset, boolean eof, Integer startLine, Integer endLine, Integer nextStartLine,
                                Long totalLines, String note) {
        return new ReadFileResult(machine, path, info.getSize(), modified(info), FileModes.octal(info.getMode()), false, null,
                "text", content, offset, bytesRead, nextOffset, eof, startLine, endLine, nextStartLine, totalLines, note);
    }

    /** Byte mode: {@code content} holds the bytes from {@code offset} as text or base64. */
    static ReadFileResult bytes(String machine, String path, FileInfo info, String encoding, boolean binary, String content,
                                long offset, long bytesRead, Long nextOffset, boolean eof, String note) {
        return new ReadFileResult(machine, path, info.getSize(), modified(info), FileModes.octal(info.getMode()), binary, null,
                encoding, content, offset, bytesRead, nextOffset, eof, null, null, null, null, note);
    }

    /** A binary file read as text: described by {@code type}, not shown. */
    static ReadFileResult binaryFile(String machine, String path, FileInfo info, String type, long offset, String note) {
        return new ReadFileResult(machine, path, info.getSize(), modified(info), FileModes.octal(info.getMode()), true, type,
                "text", "", offset, 0L, null, true, null, null, null, null, note);
    }

    private static String modified(FileInfo info) {
        return info.getModifiedMillis() == 0 ? null : Instant.ofEpochMilli(info.getModifiedMillis()).toString();
    }

    Map<String, Object> structured() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", machine);
        out.put("path", path);
        out.put("size", size);
        out.put("modified", modified);
        out.put("mode", mode);
        out.put("binary", binary);
        out.put("type", type);
        out.put("encoding", encoding);
        out.put("content", content);
        out.put("offset", offset);
        out.put("bytes_read", bytesRead);
        out.put("next_offset", nextOffset);
        out.put("eof", eof);
        out.put("start_line", startLine);
        out.put("end_line", endLine);
        out.put("next_start_line", nextStartLine);
        out.put("total_lines", totalLines);
        out.put("note", note);
        return out;
    }

    static Map<String, Object> schema() {
        return object()
                .required("machine", string(null))
                .required("path", string(null))
                .required("size", integer("File size in bytes."))
                .required("modified", nullable(string("ISO-8601 UTC.")))
                .required("mode", string("Permission bits in octal."))
                .required("binary", bool("True when the file is not text: content is then empty unless encoding is base64."))
                .required("type", nullable(string("For binary files, the format recognised from the first bytes (PNG image, ELF executable...).")))
                .required("encoding", oneOf(null, "text", "base64"))
                .required("content", string("The text (or base64) read."))
                .required("offset", integer("Byte offset of the first byte of content."))
                .required("bytes_read", integer("Bytes of the file that content holds."))
                .required("next_offset", nullable(integer("Byte offset to continue from; null at the end of the file.")))
                .required("eof", bool("True when content reaches the end of the file."))
                .required("start_line", nullable(integer("Line number of content's first line (line mode).")))
                .required("end_line", nullable(integer("Line number of content's last line (line mode).")))
                .required("next_start_line", nullable(integer("start_line for the next call; null at the end (line mode).")))
                .required("total_lines", nullable(integer("Lines in the file, when the read reached its end (line mode).")))
                .required("note", nullable(string("How the bytes were decoded when not plain UTF-8, what was cut, how to read on.")))
                .build();
    }
}
