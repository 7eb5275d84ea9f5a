package fr.interrupt.meshcp.hub.policy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.registry.UnknownMachineException;
import fr.interrupt.meshcp.hub.service.FileEdits;
import fr.interrupt.meshcp.hub.service.FileService;
import fr.interrupt.meshcp.hub.service.UnifiedDiffs;
import fr.interrupt.meshcp.proto.agent.v1.FileInfo;
import fr.interrupt.meshcp.proto.agent.v1.FileType;
import fr.interrupt.meshcp.proto.agent.v1.WriteFileResponse;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * File changes that wait for a person: what they would do to the file as it is when asked (a unified diff, read through
 * {@link FileService}), and writing them once approved, through the same core as the MCP tools ({@link FileService#write},
 * {@link FileEdits}).
 */
public final class FileChanges {
    /** The most content a write_file waiting for approval keeps in approvals.json: 1 MiB. */
    public static final int MAX_CONTENT_BYTES = 1024 * 1024;
    /** The most of a diff kept for the person to read: 64 KiB. */
    public static final int MAX_DIFF_BYTES = 64 * 1024;

    private final FileService files;
    private final FileEdits edits;

    public FileChanges(FileService files, FileEdits edits) {
        this.files = files;
        this.edits = edits;
    }

    /**
     * A write_file change with its diff against the file as it is now ("new file, 12 B" when there is none).
     *
     * @throws MeshcpException REFUSED for content over {@link #MAX_CONTENT_BYTES}; errors of {@link FileService#stat}
     *                         and reads other than a missing file (unknown machine, refused path)
     */
    FileChange write(String machine, String path, byte[] content, Integer mode, boolean createParents) {
        if (content.length > MAX_CONTENT_BYTES) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, "write_file of " + ByteSizes.format(content.length) + " to "
                    + machine + ":" + path + " needs a person's approval, and a write waiting for approval holds at most "
                    + ByteSizes.format(MAX_CONTENT_BYTES) + " of content: write a smaller file, or ask the person at the hub "
                    + "to copy it (orchestrator-headless put, or the desktop's Files page)");
        }
        return FileChange.write(path, content, mode, createParents, writeDiff(machine, path, content));
    }

    /**
     * An edit_file change with its diff, worked out against the file as it is now.
     *
     * @throws MeshcpException REFUSED when old_text and new_text are over {@link #MAX_CONTENT_BYTES}; every error of
     *                         {@link FileEdits#plan} (old_text not found or ambiguous, not UTF-8 text, ...)
     */
    FileChange edit(String machine, String path, String oldText, String newText, boolean replaceAll) {
        long size = (long) oldText.getBytes(StandardCharsets.UTF_8).length + newText.getBytes(StandardCharsets.UTF_8).length;
        if (size > MAX_CONTENT_BYTES) {
            throw new MeshcpException(MeshcpException.Kind.REFUSED, "edit_file on " + machine + ":" + path + " needs a person's "
                    + "approval, and an edit waiting for approval holds at most " + ByteSizes.format(MAX_CONTENT_BYTES)
                    + " of old_text and new_text (these are " + ByteSizes.format(size) + "): make smaller edits");
        }
        FileEdits.Plan plan = edits.plan(machine, path, oldText, newText, replaceAll);
        return FileChange.edit(path, oldText, newText, replaceAll,
                UnifiedDiffs.of(path, plan.original(), plan.edited(), MAX_DIFF_BYTES));
    }

    /**
     * Writes an approved change on {@code machine}.
     *
     * @throws MeshcpException with a sentence for the request's record: old_text no longer matches, the file changed,
     *                         or any error of the write
     */
    FileWritten apply(String machine, FileChange change) {
        if (!change.isEdit()) {
            WriteFileResponse written = files.write(machine, change.path(), new ByteArrayInputStream(change.content()),
                    change.mode(), change.createParents(), n -> { });
            return new FileWritten(written.getPath().isEmpty() ? change.path() : written.getPath(), written.getBytesWritten(),
                    FileService.inPlaceNote(written), 0, null);
        }
        FileEdits.Plan plan;
        try {
            plan = edits.plan(machine, change.path(), change.oldText(), change.newText(), change.replaceAll());
        } catch (MeshcpException e) {
            if (e instanceof UnknownMachineException) {
                throw e;
            }
            throw new MeshcpException(e.kind(), machine + ":" + change.path() + " changed since the edit was asked for, and "
                    + "the edit no longer applies (" + e.getMessage() + "); nothing was written: read the file again and "
                    + "ask for the edit anew", e);
        }
        FileEdits.Outcome outcome = edits.apply(plan);
        return new FileWritten(outcome.path(), outcome.bytesWritten(), outcome.writtenInPlace(), outcome.replacements(),
                outcome.lineEnds());
    }

    private String writeDiff(String machine, String path, byte[] content) {
        FileInfo info;
        try {
            info = files.stat(machine, path);
        } catch (MeshcpException e) {
            if (e.kind() == MeshcpException.Kind.NOT_FOUND && !(e instanceof UnknownMachineException)) {
                return "new file, " + ByteSizes.format(content.length);
            }
            throw e;
        }
        if (info.getType() != FileType.REGULAR) {
            return "replaces what is there now (not a regular file: " + info.getType().name().toLowerCase(Locale.ROOT) + ") with "
                    + ByteSizes.format(content.length);
        }
        Optional<String> before = edits.currentText(machine, path);
        Optional<String> after = FileEdits.utf8Text(content);
        if (before.isEmpty() || after.isEmpty()) {
            return "replaces a file of " + ByteSizes.format(info.getSize()) + " with " + ByteSizes.format(content.length)
                    + " (binary or over " + ByteSizes.format(FileEdits.MAX_EDIT_BYTES) + ": not compared)";
        }
        String diff = UnifiedDiffs.of(path, before.get(), after.get(), MAX_DIFF_BYTES);
        return diff.isEmpty() ? "no change: the file already holds this content (" + ByteSizes.format(content.length) + ")" : diff;
    }
}
