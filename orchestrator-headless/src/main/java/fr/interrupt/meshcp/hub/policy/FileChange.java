package fr.interrupt.meshcp.hub.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Base64;

/**
 * A file change (write_file or edit_file) that waits for a person, as stored in its {@link Approval}.
 *
 * @param path           the remote path, as asked
 * @param contentBase64  write_file: the whole new content, base64 (at most {@link FileChanges#MAX_CONTENT_BYTES} decoded)
 * @param mode           write_file: permission bits for a new file, or null
 * @param createParents  write_file: create missing parent directories
 * @param oldText        edit_file: the exact text to replace
 * @param newText        edit_file: the text to put in its place
 * @param replaceAll     edit_file: replace every occurrence
 * @param diff           what the change does to the file as it was when asked: a unified diff (cut at
 *                       {@link FileChanges#MAX_DIFF_BYTES}) or a sentence ("new file, 12 B")
 */
public record FileChange(String path, @JsonProperty("content_base64") String contentBase64, Integer mode,
                         @JsonProperty("create_parents") boolean createParents, @JsonProperty("old_text") String oldText,
                         @JsonProperty("new_text") String newText, @JsonProperty("replace_all") boolean replaceAll,
                         String diff) {

    /** A write_file change. */
    static FileChange write(String path, byte[] content, Integer mode, boolean createParents, String diff) {
        return new FileChange(path, Base64.getEncoder().encodeToString(content), mode, createParents, null, null, false, diff);
    }

    /** An edit_file change. */
    static FileChange edit(String path, String oldText, String newText, boolean replaceAll, String diff) {
        return new FileChange(path, null, null, false, oldText, newText, replaceAll, diff);
    }

    /** The change without write_file's content: kept once the request is decided, so approvals.json stays small. */
    FileChange withoutContent() {
        return contentBase64 == null ? this : new FileChange(path, null, mode, createParents, oldText, newText, replaceAll, diff);
    }

    /** True for an edit_file change, false for a write_file one. */
    @JsonIgnore
    public boolean isEdit() {
        return oldText != null;
    }

    /** write_file's content. */
    @JsonIgnore
    public byte[] content() {
        return contentBase64 == null ? new byte[0] : Base64.getDecoder().decode(contentBase64);
    }
}
