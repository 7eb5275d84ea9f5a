package fr.interrupt.meshcp.hub.mcp;

import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.bool;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.integer;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.nullable;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.object;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.string;
import static fr.interrupt.meshcp.hub.mcp.JsonSchemas.withDefault;

import fr.interrupt.meshcp.hub.service.FileEdits;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * edit_file: replaces exact text in a remote file without sending the whole file back, the way
 * Claude Code edits local files. Translates arguments and results only: the edit is the core's
 * {@link FileEdits} (refused when the text is missing or ambiguous, or the file changed meanwhile).
 */
final class EditTool {
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
                .description("Replace exact text in a text file on a machine (up to " + FileEdits.MAX_EDIT_BYTES / (1024 * 1024) + " MiB), "
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
                    .optional("state", FileChangeResults.pendingState())
                    .optional("job_id", FileChangeResults.requestId())
                    .optional("note", string(null))
                    .build();
        }
    }

    private static McpSchema.CallToolResult call(ToolContext context, Args args) {
        String machine = args.string("machine");
        String path = args.string("path");
        String oldText = args.string("old_text");
        String newText = newText(args);
        boolean all = args.bool("replace_all", false);
        FileEdits.Outcome outcome = context.hub().edits().edit(machine, path, oldText, newText, all);
        EditResult result = new EditResult(machine, path, outcome.replacements(), outcome.bytesWritten(), outcome.lineEnds(),
                outcome.writtenInPlace());
        return ToolResults.success(result.structured(), text(result));
    }

    /** new_text, which may be empty but not missing. */
    static String newText(Args args) {
        String newText = args.optionalString("new_text");
        if (newText == null) {
            throw Args.invalid("missing required argument \"new_text\" for edit_file (use \"\" to delete old_text)");
        }
        return newText;
    }

    /** The text block of an edit's result. */
    static String text(EditResult result) {
        return "replaced " + result.replacements() + " occurrence(s) in " + result.machine() + ":" + result.path()
                + " (" + result.bytesWritten() + " bytes)" + (result.lineEnds() == null ? "" : "; matched and written with the file's CRLF line ends")
                + (result.writtenInPlace() == null ? "" : "; " + result.writtenInPlace());
    }
}
