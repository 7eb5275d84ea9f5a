package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * StatFile: lstat of the entry the path names (a symlink is reported as a symlink, with its target). The entry
 * must lie in an allowed directory (its parent's real path), or its own real path must be allowed.
 */
public final class FileStatter {
    private final FilesConfig config;
    private final PathPolicy policy;

    public FileStatter(FilesConfig config, PathPolicy policy) {
        this.config = config;
        this.policy = policy;
    }

    public FileMeta stat(String rawPath) {
        if (!config.enabled()) {
            throw Refusal.disabled("files");
        }
        Path requested = policy.parse(rawPath);
        Path entry = requested.getParent() == null ? requested
                : policy.projected(requested.getParent()).resolve(requested.getFileName().toString());
        if (!policy.allows(entry)) {
            // Not inside an allowed directory: only an allowed real path (an allowed root reached through a symlink) may be shown.
            policy.realExisting(requested);
        }
        if (!Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
            throw Refusal.notFound("no such file: " + requested);
        }
        try {
            FileMeta meta = FileMetas.read(entry, requested.toString());
            String name = requested.getFileName() == null ? "/" : requested.getFileName().toString();
            return new FileMeta(name, requested.toString(), meta.kind(), meta.kindDescription(), meta.size(), meta.mode(), meta.modifiedMillis(),
                    meta.symlinkTarget());
        } catch (IOException e) {
            throw Refusal.notFound("no such file: " + requested);
        }
    }
}
