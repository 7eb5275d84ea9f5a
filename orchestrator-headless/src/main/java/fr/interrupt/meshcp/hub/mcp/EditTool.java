package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.withDefault;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.TextDecoding;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * edit_file: replaces exact text in a remote file without sending the whole file back, the way
 * Claude Code edits local files. Built from the file service's read and write (the write is
 * audited there); refuses when the text is missing or ambiguous, or the file changed meanwhile.
 */
final class EditTool {
    /** Files larger than this are edited with exec (sed) or rewritten with write_file. */
    static final int MAX_EDIT_BYTES = 4 * 1024 * 1024;

    private EditTool() {
    }

    static ToolDef definition() {
        JsonSchemas.ObjectBuilder input = object()
                .required("machine", Common.machine())
                .required("path", string("Absolute path of an existing text file.", "/etc/nginx/nginx.conf"))
                .required("old_text", string("The exact text to replace, whitespace and line ends included; it must "
                        + "appear exactly once unless replace_all is true. Include enough surrounding lines to make it unique.",
                        "worker_processes 1;"))
                .required("new_text", string("The text to put in its place (may be empty to delete).", "worker_processes auto;"))
                .optional("replace_all", withDefault(bool("Replace every occurrence (default false)."), false));
        McpSchema.Tool tool = McpSchema.Tool.builder("edit_file", input.build())
                .title("Edit a file on a machine")
                .description("Replace exact text in a text file on a machine (up to " + MAX_EDIT_BYTES / (1024 * 1024) + " MiB), "
                        + "keeping its mode; only the change travels, not the whole file. old_text must match exactly once "
                        + "(or set replace_all); read the file with read_file first. Refused when old_text is not found, "
                        + "found several times, or the file changed while editing; old_text written with \\n matches a CRLF file, "
                        + "and new_text then gets CRLF too. Written like write_file. Example: {\"machine\": \"web1\", \"path\": \"/etc/nginx/nginx.conf\", "
                        + "\"old_text\": \"worker_processes 1;\", \"new_text\": \"worker_processes auto;\"}.")
                .outputSchema(EditResult.schema())
                .annotations(new McpSchema.ToolAnnotations("Edit a file", false, true, false, false, null))
                .build();
        return new ToolDef(tool, input.names(), ToolDef.AuditMode.SERVICE, EditTool::call);
    }

    /** The structured result of edit_file; its schema is {@link #schema()}. */
    record EditResult(String machine, String path, int replacements, long bytesWritten, String lineEnds, String writtenInPlace) {

        Map<String, Object> structured() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("machine", machine);
            out.put("path", path);
            out.put("replacements", replacements);
            out.put("bytes_written", bytesWritten);
            out.put("line_ends", lineEnds);
            out.put("written_in_place", writtenInPlace);
            return out;
        }

        static Map<String, Object> schema() {
            return object()
                    .required("machine", string(null))
                    .required("path", string(null))
                    .required("replacements", integer("How many occurrences were replaced."))
                    .required("bytes_written", integer("Size of the file after the edit."))
                    .required("line_ends", nullable(string("Set when the file uses CRLF and old_text matched only once its "
                            + "line ends were read as CRLF: new_text was written with CRLF too.")))
                    .required("written_in_place", nullable(string(FileTools.WRITTEN_IN_PLACE)))
                    .build();
        }
    }

    private static McpSchema.CallToolResult call(ToolContext context, Args args) {
        String machine = args.string("machine");
        String path = args.string("path");
        String oldText = args.string("old_text");
        String newText = args.optionalString("new_text");
        if (newText == null) {
            throw Args.invalid("missing required argument \"new_text\" for edit_file (use \"\" to delete old_text)");
        }
        boolean all = args.bool("replace_all", false);
        Hub hub = context.hub();
        FileInfo before = regularFile(hub, machine, path);
        String text = readText(hub, machine, path, before);
        int count = occurrences(text, oldText);
        String lineEnds = null;
        if (count == 0 && LineEnds.usesCrlf(text) && LineEnds.hasBareLf(oldText)) {
            // old_text written with \n against a CRLF file: match it, and write new_text in the file's own style
            int crlfCount = occurrences(text, LineEnds.toCrlf(oldText));
            if (crlfCount > 0) {
                count = crlfCount;
                oldText = LineEnds.toCrlf(oldText);
                newText = LineEnds.toCrlf(newText);
                lineEnds = "CRLF";
            }
        }
        if (count == 0) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "old_text was not found in " + machine + ":" + path
                    + " (it must match exactly, whitespace and line ends included; read_file it again)"
                    + (LineEnds.usesCrlf(text) ? "; the file uses CRLF line ends" : ""));
        }
        if (count > 1 && !all) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "old_text appears " + count + " times in " + machine + ":"
                    + path + ": add surrounding lines to make it unique, or set replace_all to replace them all");
        }
        String edited = all ? text.replace(oldText, newText) : replaceFirst(text, oldText, newText);
        FileInfo now = hub.files().stat(machine, path);
        if (now.getSize() != before.getSize() || now.getModifiedMillis() != before.getModifiedMillis()) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, machine + ":" + path
                    + " changed while it was being edited: read it again and retry");
        }
        byte[] bytes = edited.getBytes(StandardCharsets.UTF_8);
        WriteFileResponse written = hub.files().write(machine, path, new ByteArrayInputStream(bytes), null, false, n -> { });
        EditResult result = new EditResult(machine, path, all ? count : 1, written.getBytesWritten(), lineEnds,
                FileService.inPlaceNote(written));
        return ToolResults.success(result.structured(), "replaced " + result.replacements() + " occurrence(s) in " + machine + ":" + path
                + " (" + written.getBytesWritten() + " bytes)" + (lineEnds == null ? "" : "; matched and written with the file's CRLF line ends")
                + (result.writtenInPlace() == null ? "" : "; " + result.writtenInPlace()));
    }

    private static FileInfo regularFile(Hub hub, String machine, String path) {
        FileInfo info = hub.files().stat(machine, path);
        if (info.getType() == FileType.SYMLINK) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path + " is a symlink to "
                    + info.getSymlinkTarget() + ": edit the file it points to");
        }
        if (info.getType() != FileType.REGULAR) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path + " is not a regular file");
        }
        if (info.getSize() > MAX_EDIT_BYTES) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, machine + ": " + path + " is " + ByteSizes.format(info.getSize())
                    + ", more than edit_file handles (" + ByteSizes.format(MAX_EDIT_BYTES) + "): use exec (sed -i) or write_file");
        }
        return info;
    }

    private static String readText(Hub hub, String machine, String path, FileInfo info) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream((int) info.getSize());
        // read at most one byte more than allowed: the file may have grown since it was checked
        hub.files().read(machine, path, 0, MAX_EDIT_BYTES + 1L, sink, n -> { });
        if (sink.size() > MAX_EDIT_BYTES) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, machine + ": " + path + " grew past "
                    + ByteSizes.format(MAX_EDIT_BYTES) + " while it was being edited; try again, or use exec (sed -i)");
        }
        byte[] bytes = sink.toByteArray();
        if (TextBytes.looksBinary(bytes, bytes.length)) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path
                    + " is not UTF-8 text: edit_file only edits text files");
        }
        // only exact UTF-8 round-trips: a byte shown as U+FFFD, or UTF-16 text, would be changed by writing it back
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            java.nio.charset.Charset bom = TextDecoding.bomCharset(bytes, 0, bytes.length);
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path + " is "
                    + (bom != null ? bom.name() + " text" : "not valid UTF-8 (it has invalid byte sequences)")
                    + ": edit_file only edits UTF-8 text, which it writes back byte for byte; use write_file or exec");
        }
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static String replaceFirst(String text, String oldText, String newText) {
        int at = text.indexOf(oldText);
        return text.substring(0, at) + newText + text.substring(at + oldText.length());
    }
}
