package fr.interrupt.meshcp.hub.service;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import fr.interrupt.meshcp.shared.text.TextDecoding;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Exact-text edits of remote UTF-8 files, the way Claude Code edits local ones: old_text must match once (or every
 * match is replaced), a {@code \n} old_text matches a CRLF file ({@link LineEnds}), and the file is written back
 * through {@link FileService#write} (audited there) only when it did not change while it was being edited.
 * Used by the MCP edit_file tool and by the approver of an edit that waited for a person.
 */
public final class FileEdits {
    /** Files larger than this are edited with exec (sed) or rewritten with write_file: 4 MiB. */
    public static final int MAX_EDIT_BYTES = 4 * 1024 * 1024;

    private final FileService files;

    public FileEdits(FileService files) {
        this.files = files;
    }

    /**
     * An edit worked out against the file as it is now, not yet written.
     *
     * @param before       the file's info when it was read (size and mtime are checked again before writing)
     * @param original     the file's text as read
     * @param edited       the text to write
     * @param replacements how many occurrences are replaced
     * @param lineEnds     "CRLF" when old_text matched only with the file's CRLF line ends (new_text gets them too), else null
     */
    public record Plan(String machine, String path, FileInfo before, String original, String edited, int replacements,
                       String lineEnds) {
    }

    /** What an edit wrote; {@code writtenInPlace} is {@link FileService#inPlaceNote}'s sentence, or null. */
    public record Outcome(String machine, String path, int replacements, long bytesWritten, String lineEnds,
                          String writtenInPlace) {
    }

    /** Reads, plans and writes the edit. Errors as {@link #plan} and {@link #apply}. */
    public Outcome edit(String machine, String path, String oldText, String newText, boolean replaceAll) {
        return apply(plan(machine, path, oldText, newText, replaceAll));
    }

    /**
     * Reads the file and works out the edit without writing it.
     *
     * @throws MeshcpException NOT_FOUND when old_text is not in the file; CONFLICT when it appears several times and
     *                         {@code replaceAll} is false, or the file grew past {@link #MAX_EDIT_BYTES} while read;
     *                         INVALID_INPUT for a symlink, a non-regular file or text that is not valid UTF-8;
     *                         REFUSED for a file over {@link #MAX_EDIT_BYTES}; any error of {@link FileService#stat}
     */
    public Plan plan(String machine, String path, String oldText, String newText, boolean replaceAll) {
        if (oldText == null || oldText.isEmpty()) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "old_text is empty: give the exact text to replace");
        }
        FileInfo before = regularFile(machine, path);
        String text = readText(machine, path, before);
        String match = oldText;
        String replacement = newText == null ? "" : newText;
        int count = occurrences(text, match);
        String lineEnds = null;
        if (count == 0 && LineEnds.usesCrlf(text) && LineEnds.hasBareLf(match)) {
            // old_text written with \n against a CRLF file: match it, and write new_text in the file's own style
            int crlfCount = occurrences(text, LineEnds.toCrlf(match));
            if (crlfCount > 0) {
                count = crlfCount;
                match = LineEnds.toCrlf(match);
                replacement = LineEnds.toCrlf(replacement);
                lineEnds = "CRLF";
            }
        }
        if (count == 0) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "old_text was not found in " + machine + ":" + path
                    + " (it must match exactly, whitespace and line ends included; read_file it again)"
                    + (LineEnds.usesCrlf(text) ? "; the file uses CRLF line ends" : ""));
        }
        if (count > 1 && !replaceAll) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, "old_text appears " + count + " times in " + machine + ":"
                    + path + ": add surrounding lines to make it unique, or set replace_all to replace them all");
        }
        String edited = replaceAll ? text.replace(match, replacement) : replaceFirst(text, match, replacement);
        return new Plan(machine, path, before, text, edited, replaceAll ? count : 1, lineEnds);
    }

    /**
     * Writes a planned edit, unless the file changed (size or mtime) since it was read.
     *
     * @throws MeshcpException CONFLICT when the file changed meanwhile; any error of {@link FileService#write}
     */
    public Outcome apply(Plan plan) {
        FileInfo now = files.stat(plan.machine(), plan.path());
        if (now.getSize() != plan.before().getSize() || now.getModifiedMillis() != plan.before().getModifiedMillis()) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, plan.machine() + ":" + plan.path()
                    + " changed while it was being edited: read it again and retry");
        }
        byte[] bytes = plan.edited().getBytes(StandardCharsets.UTF_8);
        WriteFileResponse written = files.write(plan.machine(), plan.path(), new ByteArrayInputStream(bytes), null, false, n -> { });
        return new Outcome(plan.machine(), plan.path(), plan.replacements(), written.getBytesWritten(), plan.lineEnds(),
                FileService.inPlaceNote(written));
    }

    /**
     * The file's current text when it is a regular UTF-8 text file of at most {@link #MAX_EDIT_BYTES}; empty when it is
     * larger, binary or not a regular file. Errors of {@link FileService#stat} and reads (NOT_FOUND for no file) pass.
     */
    public Optional<String> currentText(String machine, String path) {
        FileInfo info = files.stat(machine, path);
        if (info.getType() != FileType.REGULAR || info.getSize() > MAX_EDIT_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(readText(machine, path, info));
        } catch (MeshcpException e) {
            if (e.kind() == MeshcpException.Kind.INVALID_INPUT || e.kind() == MeshcpException.Kind.CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Strict UTF-8 text of {@code bytes} without NULs or other binary signs, or empty. */
    public static Optional<String> utf8Text(byte[] bytes) {
        if (TextDecoding.binaryType(bytes, 0, bytes.length) != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(strictUtf8(bytes));
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private FileInfo regularFile(String machine, String path) {
        FileInfo info = files.stat(machine, path);
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

    private String readText(String machine, String path, FileInfo info) {
        ByteArrayOutputStream sink = new ByteArrayOutputStream((int) Math.min(info.getSize(), MAX_EDIT_BYTES));
        // read at most one byte more than allowed: the file may have grown since it was checked
        files.read(machine, path, 0, MAX_EDIT_BYTES + 1L, sink, n -> { });
        if (sink.size() > MAX_EDIT_BYTES) {
            throw new MeshcpException(MeshcpException.Kind.CONFLICT, machine + ": " + path + " grew past "
                    + ByteSizes.format(MAX_EDIT_BYTES) + " while it was being edited; try again, or use exec (sed -i)");
        }
        byte[] bytes = sink.toByteArray();
        if (TextDecoding.binaryType(bytes, 0, bytes.length) != null) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path
                    + " is not UTF-8 text: edit_file only edits text files");
        }
        // only exact UTF-8 round-trips: a byte shown as U+FFFD, or UTF-16 text, would be changed by writing it back
        try {
            return strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            Charset bom = TextDecoding.bomCharset(bytes, 0, bytes.length);
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, machine + ": " + path + " is "
                    + (bom != null ? bom.name() + " text" : "not valid UTF-8 (it has invalid byte sequences)")
                    + ": edit_file only edits UTF-8 text, which it writes back byte for byte; use write_file or exec");
        }
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
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
