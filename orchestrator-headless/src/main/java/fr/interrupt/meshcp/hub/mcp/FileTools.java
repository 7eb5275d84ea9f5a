package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.array;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.oneOf;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.withDefault;

import fr.interrupt.meshcp.hub.registry.UnknownMachineException;
import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.text.FileModes;
import fr.interrupt.meshcp.shared.text.Printable;
import fr.interrupt.meshcp.shared.text.TextDecoding;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** read_file, write_file, list_files. */
final class FileTools {
    static final int DEFAULT_MAX_LINES = 2000;
    static final int MAX_LINES = 20_000;
    /** Raw bytes per base64 read: 4/3 of it stays within the result budget. */
    static final int BASE64_MAX_BYTES = OutputCap.RESULT_BUDGET_BYTES * 3 / 4;
    static final int DEFAULT_PAGE_SIZE = 200;
    static final int MAX_PAGE_SIZE = 1000;

    private FileTools() {
    }

    static List<ToolDef> all() {
        return List.of(readFile(), writeFile(), EditTool.definition(), listFiles());
    }

    private static Map<String, Object> path(String what) {
        return string("Absolute path on the machine" + what + ".", "/etc/hostname", "/var/log/syslog");
    }

    // ---------------------------------------------------------------- read_file

    static ToolDef readFile() {
        JsonSchemas.ObjectBuilder input = object()
                .required("machine", Common.machine())
                .required("path", path(""))
                .optional("start_line", withDefault(integer("First line to return, 1-based (line mode, the default).", 1, Integer.MAX_VALUE), 1))
                .optional("max_lines", withDefault(integer("Lines to return at most (line mode; default " + DEFAULT_MAX_LINES + ").",
                        1, MAX_LINES), DEFAULT_MAX_LINES))
                .optional("offset", integer("Byte offset to start at: switches to byte mode (use with max_bytes, and next_offset to continue).",
                        0, Long.MAX_VALUE))
                .optional("max_bytes", integer("Bytes to return at most in byte mode (default and maximum " + OutputCap.RESULT_BUDGET_BYTES
                        + ", or " + BASE64_MAX_BYTES + " with base64).", 1, OutputCap.RESULT_BUDGET_BYTES))
                .optional("encoding", withDefault(oneOf("text (default): text by its byte order mark (UTF-8 without), "
                        + "binary files described, not dumped; "
                        + "base64: raw bytes in base64, for binary files (byte mode).", "text", "base64"), "text"));
        McpSchema.Tool tool = McpSchema.Tool.builder("read_file", input.build())
                .title("Read a file on a machine")
                .description("Read a file on a machine. Line mode (default): lines from start_line; byte mode (give offset): "
                        + "bytes from offset. A result weighs at most about " + OutputCap.RESULT_BUDGET_BYTES / 1000 + " KB, so it may "
                        + "hold less than asked: continue with next_start_line or next_offset. Text is decoded by its byte order "
                        + "mark (UTF-8/16/32); invalid bytes show as U+FFFD and note says how many. A binary file (known format, "
                        + "or mostly non-text bytes) is described (binary, type), not dumped; encoding \"base64\" gives its bytes. "
                        + "A file over the machine's max_file_size is read only in byte mode, a range at a time. "
                        + "For the end of a big log, exec \"tail -n 200 FILE\" is faster. Example: {\"machine\": \"web1\", "
                        + "\"path\": \"/var/log/syslog\", \"start_line\": 4001, \"max_lines\": 500}.")
                .outputSchema(ReadFileResult.schema())
                .annotations(MachineTools.readOnly("Read a file"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, FileTools::readFileCall);
    }

    private static McpSchema.CallToolResult readFileCall(ToolContext context, Args args) {
        String machine = args.string("machine");
        String path = args.string("path");
        boolean base64 = "base64".equals(args.choice("encoding", "text", List.of("text", "base64")));
        boolean byteMode = args.has("offset") || args.has("max_bytes") || base64;
        if (byteMode && (args.has("start_line") || args.has("max_lines"))) {
            throw Args.invalid("give either start_line/max_lines (line mode) or offset/max_bytes (byte mode), not both");
        }
        Hub hub = context.hub();
        FileInfo info = followLinks(hub, machine, path);
        if (info.getType() == FileType.DIRECTORY) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path + " is a directory: use list_files");
        }
        if (byteMode) {
            long offset = args.longValue("offset", 0, 0, Long.MAX_VALUE);
            int max = args.integer("max_bytes", base64 ? BASE64_MAX_BYTES : OutputCap.RESULT_BUDGET_BYTES, 1,
                    base64 ? BASE64_MAX_BYTES : OutputCap.RESULT_BUDGET_BYTES);
            // the budget counts characters sent: base64 sends 4 for every 3 bytes
            return ResultSize.fit(budget -> readBytes(hub, machine, path, info, offset,
                    Math.min(max, base64 ? budget * 3 / 4 : budget), base64));
        }
        int startLine = args.integer("start_line", 1, 1, Integer.MAX_VALUE);
        int maxLines = args.integer("max_lines", DEFAULT_MAX_LINES, 1, MAX_LINES);
        return ResultSize.fit(budget -> readLines(hub, machine, path, info, startLine, maxLines, budget));
    }

    /** The info of what {@code path} points to: a symlink's own size and mode say nothing of the file read through it. */
    private static FileInfo followLinks(Hub hub, String machine, String path) {
        FileInfo info = hub.files().stat(machine, path);
        String current = path;
        for (int hops = 0; hops < 8 && info.getType() == FileType.SYMLINK && !info.getSymlinkTarget().isEmpty(); hops++) {
            String target = info.getSymlinkTarget();
            if (!target.startsWith("/")) {
                int slash = current.lastIndexOf('/');
                target = (slash <= 0 ? "" : current.substring(0, slash)) + "/" + target;
            }
            current = target;
            info = hub.files().stat(machine, current);
        }
        return info;
    }

    private static McpSchema.CallToolResult readBytes(Hub hub, String machine, String path, FileInfo info, long offset, int max,
                                                      boolean base64) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        hub.files().read(machine, path, offset, max, sink, n -> { });
        byte[] bytes = sink.toByteArray();
        if (base64) {
            long next = offset + bytes.length;
            boolean eof = next >= info.getSize();
            ReadFileResult result = ReadFileResult.bytes(machine, path, info, "base64",
                    TextBytes.looksBinary(bytes, Math.min(bytes.length, TextBytes.SNIFF_BYTES)),
                    Base64.getEncoder().encodeToString(bytes), offset, bytes.length, eof ? null : next, eof,
                    eof ? null : "more bytes: call again with offset " + next);
            return ToolResults.success(result.structured(), machine + ":" + path + " bytes " + offset + " to " + next + " of "
                    + info.getSize() + " (base64):\n" + result.content());
        }
        if (TextBytes.looksBinary(bytes, Math.min(bytes.length, TextBytes.SNIFF_BYTES))) {
            return binary(machine, path, info, offset, offset == 0 ? bytes : null);
        }
        int unit = TextDecoding.codeUnitBytes(offset == 0 ? TextDecoding.bomCharset(bytes, 0, bytes.length) : null);
        int start = offset == 0 || unit > 1 ? 0 : TextBytes.charStartAtOrAfter(bytes, 0, bytes.length);
        int end = offset + bytes.length >= info.getSize() ? bytes.length
                : unit > 1 ? bytes.length - bytes.length % unit : TextBytes.completeLength(bytes, bytes.length);
        long next = offset + end;
        boolean eof = next >= info.getSize();
        TextDecoding.Decoded text = TextDecoding.decode(bytes, start, end, TextDecoding.Mode.FILE);
        String more = eof ? null : unit > 1 ? "more text: this " + text.charset() + " file reads on from offset " + next
                + " only in line mode or with encoding base64" : "more text: call again with offset " + next;
        ReadFileResult result = ReadFileResult.bytes(machine, path, info, "text", false, text.text(),
                offset + start, end - start, eof ? null : next, eof, Common.joinNotes(text.note(), more));
        return ToolResults.success(result.structured(), machine + ":" + path + " bytes " + (offset + start) + " to " + next + " of "
                + info.getSize() + ":\n" + result.content() + (eof ? "" : "\nnote: " + result.note()));
    }

    private static McpSchema.CallToolResult readLines(Hub hub, String machine, String path, FileInfo info, int startLine,
                                                      int maxLines, int budget) {
        LineCollector lines = new LineCollector(startLine, maxLines, budget);
        boolean reachedEnd;
        try {
            hub.files().read(machine, path, 0, 0, lines, n -> { });
            reachedEnd = true;
        } catch (MeshcpException e) {
            if (!(e.getCause() instanceof LineCollector.Enough)) {
                throw e;
            }
            reachedEnd = false;
        }
        if (lines.binary()) {
            return binary(machine, path, info, 0L, lines.sniffed());
        }
        byte[] sniffed = lines.sniffed();
        if (TextDecoding.codeUnitBytes(TextDecoding.bomCharset(sniffed, 0, sniffed.length)) > 1) {
            return WideTextLines.read(hub, machine, path, info, startLine, maxLines, budget);
        }
        byte[] content = lines.content();
        int end = TextBytes.completeLength(content, content.length);
        long next = lines.contentOffset() + end;
        boolean eof = reachedEnd && !lines.stoppedEarly() || next >= info.getSize();
        int returned = lines.linesReturned();
        Integer nextStartLine = null;
        String note = null;
        if (returned == 0 && reachedEnd) {
            note = "the file has " + lines.totalLines() + " line(s): start_line " + startLine + " is past its end";
        } else if (lines.cutInLine()) {
            note = "line " + (startLine + returned - 1) + " is longer than this result allows: read the rest of it in byte mode "
                    + "with offset " + next;
            nextStartLine = startLine + returned;
        } else if (!eof) {
            nextStartLine = startLine + returned;
            note = "more lines: call again with start_line " + (startLine + returned);
        }
        TextDecoding.Decoded text = TextDecoding.decode(content, 0, end, TextDecoding.Mode.FILE);
        ReadFileResult result = ReadFileResult.lines(machine, path, info, text.text(), lines.contentOffset(),
                end, eof ? null : next, eof, returned == 0 ? null : startLine, returned == 0 ? null : startLine + returned - 1,
                nextStartLine, eof ? lines.totalLines() : null, Common.joinNotes(text.note(), note));
        String header = machine + ":" + path + (returned == 0 ? "" : " lines " + startLine + "-" + (startLine + returned - 1))
                + (eof ? " (end of file)" : "") + ":\n";
        return ToolResults.success(result.structured(), header + result.content()
                + (result.note() == null ? "" : "\nnote: " + result.note()));
    }

    /** A binary file read as text: described, not shown; {@code head} is its first bytes when they were read. */
    private static McpSchema.CallToolResult binary(String machine, String path, FileInfo info, long offset, byte[] head) {
        String type = head == null ? "binary data" : TextBytes.describeBinary(head, head.length);
        String note = "binary file (" + type + ", " + info.getSize() + " bytes): not shown as text. Read its bytes with "
                + "encoding \"base64\" (" + BASE64_MAX_BYTES + " bytes per call, offset to continue), or inspect it with exec "
                + "(file, xxd -l 256, sha256sum).";
        ReadFileResult result = ReadFileResult.binaryFile(machine, path, info, type, offset, note);
        return ToolResults.success(result.structured(), machine + ":" + path + ": " + note);
    }

    // ---------------------------------------------------------------- write_file

    static ToolDef writeFile() {
        JsonSchemas.ObjectBuilder input = object()
                .required("machine", Common.machine())
                .required("path", path(" to write (created or replaced)"))
                .required("content", string("The whole new content: UTF-8 text, or base64 when encoding is base64. Empty "
                        + "string: an empty file."))
                .optional("encoding", withDefault(oneOf("text (default) or base64 for binary content.", "text", "base64"), "text"))
                .optional("create_parents", withDefault(bool("Create missing parent directories (default false)."), false))
                .optional("mode", string("Permission bits in octal for a new file, e.g. \"0644\" or \"0755\" (default: 0644 for "
                        + "a new file, unchanged for an existing one).", "0644"));
        McpSchema.Tool tool = McpSchema.Tool.builder("write_file", input.build())
                .title("Write a file on a machine")
                .description("Create or replace a file on a machine with the given content (the whole file: there is no "
                        + "append or patch). The agent writes a temp file and renames it into place, so readers never see half a "
                        + "file; a file with other hard links or bind-mounted on its own is rewritten in place instead (see "
                        + "written_in_place). Refused outside the agent's allowed_paths or beyond its max_file_size. Example: {\"machine\": "
                        + "\"web1\", \"path\": \"/etc/motd\", \"content\": \"Welcome\\n\"}; binary: {\"machine\": \"web1\", "
                        + "\"path\": \"/tmp/a.bin\", \"content\": \"AAEC\", \"encoding\": \"base64\", \"create_parents\": true}.")
                .outputSchema(WriteFileResult.schema())
                .annotations(new McpSchema.ToolAnnotations("Write a file", false, true, true, false, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, FileTools::writeFileCall);
    }

    /** The structured result of write_file; its schema is {@link #schema()}. */
    record WriteFileResult(String machine, String path, long bytesWritten, String writtenInPlace) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("path", path);
            out.put("bytes_written", bytesWritten);
            out.put("written_in_place", writtenInPlace);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machine", string(null))
                    .required("path", string("The path written."))
                    .required("bytes_written", integer(null))
                    .required("written_in_place", nullable(string(WRITTEN_IN_PLACE)))
                    .optional("state", FileChangeResults.pendingState())
                    .optional("job_id", FileChangeResults.requestId())
                    .optional("note", string(null))
                    .build();
        }
    }

    /** The description of written_in_place, the same in write_file's and edit_file's results. */
    static final String WRITTEN_IN_PLACE = "Set when the file was rewritten in place, not replaced by rename, because it has "
            + "other hard links or is a bind mount: why, and what that guarantees.";

    private static McpSchema.CallToolResult writeFileCall(ToolContext context, Args args) {
        String machine = args.string("machine");
        String path = args.string("path");
        byte[] bytes = content(args);
        Integer mode = parseMode(args.optionalString("mode"));
        boolean parents = args.bool("create_parents", false);
        WriteFileResponse response;
        try {
            response = context.hub().files().write(machine, path, new ByteArrayInputStream(bytes), mode, parents, n -> { });
        } catch (MeshcpException e) {
            throw parents || e.kind() != MeshcpException.Kind.NOT_FOUND || e instanceof UnknownMachineException ? e
                    : new MeshcpException(e.kind(), e.getMessage() + "; set create_parents to create them", e);
        }
        WriteFileResult result = new WriteFileResult(machine, response.getPath().isEmpty() ? path : response.getPath(),
                response.getBytesWritten(), FileService.inPlaceNote(response));
        return ToolResults.success(result.structured(), writeText(result));
    }

    /** The text block of a write's result. */
    static String writeText(WriteFileResult result) {
        return "wrote " + result.bytesWritten() + " bytes to " + result.machine() + ":" + result.path()
                + (result.writtenInPlace() == null ? "" : "; " + result.writtenInPlace());
    }

    /** write_file's content argument as bytes: UTF-8 text, or decoded base64 (encoding). */
    static byte[] content(Args args) {
        String content = args.optionalString("content");
        if (content == null) {
            throw Args.invalid("missing required argument \"content\" for write_file (use \"\" for an empty file)");
        }
        boolean base64 = "base64".equals(args.choice("encoding", "text", List.of("text", "base64")));
        if (!base64) {
            return content.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getMimeDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            throw Args.invalid("argument \"content\" is not valid base64: " + e.getMessage());
        }
    }

    static Integer parseMode(String mode) {
        if (mode == null) {
            return null;
        }
        try {
            return FileModes.parseOctal(mode);
        } catch (IllegalArgumentException e) {
            throw Args.invalid("argument \"mode\" must be octal permission bits such as \"0644\" or \"0755\" (got \""
                    + Printable.of(mode, 20) + "\")");
        }
    }

    // ---------------------------------------------------------------- list_files

    static ToolDef listFiles() {
        JsonSchemas.ObjectBuilder input = object()
                .required("machine", Common.machine())
                .required("path", path(" of a directory"))
                .optional("page_size", withDefault(integer("Entries per page (default " + DEFAULT_PAGE_SIZE + ").", 1, MAX_PAGE_SIZE),
                        DEFAULT_PAGE_SIZE))
                .optional("page_token", string("next_page_token from the previous page."));
        McpSchema.Tool tool = McpSchema.Tool.builder("list_files", input.build())
                .title("List a directory on a machine")
                .description("List a directory on a machine: name, type (file, directory, symlink, other), size, octal mode, "
                        + "modification time and symlink target of each entry, sorted by name, " + DEFAULT_PAGE_SIZE + " per page "
                        + "(continue with next_page_token). Not recursive: for a tree or a search use exec with find. "
                        + "Example: {\"machine\": \"web1\", \"path\": \"/var/log\"}.")
                .outputSchema(ListFilesResult.schema())
                .annotations(MachineTools.readOnly("List a directory"))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.TOOL, FileTools::listFilesCall);
    }

    /** The structured result of list_files: one page of a directory; its schema is {@link #schema()}. */
    record ListFilesResult(String machine, String path, List<ProtoViews.FileInfoView> entries, long totalEntries,
                           String nextPageToken) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("path", path);
            out.put("entries", entries.stream().map(ProtoViews.FileInfoView::structured).toList());
            out.put("total_entries", totalEntries);
            out.put("next_page_token", nextPageToken);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machine", string(null))
                    .required("path", string(null))
                    .required("entries", array(ProtoViews.FileInfoView.schema(), "Sorted by name."))
                    .required("total_entries", integer("Entries in the whole directory."))
                    .required("next_page_token", nullable(string("Pass as page_token for the next page; null on the last page.")))
                    .build();
        }
    }

    private static McpSchema.CallToolResult listFilesCall(ToolContext context, Args args) {
        String machine = args.string("machine");
        String path = args.string("path");
        int pageSize = args.integer("page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE);
        FileService.ListPage page = context.hub().files().list(machine, path, args.optionalString("page_token"), pageSize);
        List<ProtoViews.FileInfoView> entries = new ArrayList<>();
        StringBuilder text = new StringBuilder(machine + ":" + path + " (" + page.totalEntries() + " entries)\n");
        for (FileInfo f : page.entries()) {
            entries.add(ProtoViews.FileInfoView.of(f));
            text.append(FileModes.octal(f.getMode())).append(' ').append(String.format("%-9s", ProtoViews.fileType(f)))
                    .append(String.format(" %12d ", f.getSize())).append(f.getName())
                    .append(f.getSymlinkTarget().isEmpty() ? "" : " -> " + f.getSymlinkTarget())
                    .append(ProtoViews.fileType(f).equals("directory") ? "/" : "").append('\n');
        }
        String next = page.nextPageToken() == null || page.nextPageToken().isEmpty() ? null : page.nextPageToken();
        if (next != null) {
            text.append("more: call again with page_token \"").append(next).append('"');
        }
        ListFilesResult result = new ListFilesResult(machine, path, entries, page.totalEntries(), next);
        return ToolResults.success(result.structured(), text.toString().strip());
    }
}
