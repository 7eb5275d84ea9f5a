package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.nio.file.Path;

/**
 * StatFile: lstat of the entry the path names (a symlink is reported as a symlink, with its target), made in the
 * directory a {@link PathWalk} holds. The entry must lie in an allowed directory (its parent's real path), or its own
 * real path must be allowed.
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
        try (Walked walked = PathWalk.walk(requested, PathWalk.LastName.NO_FOLLOW)) {
            if (!walked.exists()) {
                throw walked.missingRefusal(policy, requested);
            }
            Path entry = walked.real();
            if (!policy.allows(entry)) {
                // Not inside an allowed directory: only an allowed real path (an allowed root reached through a symlink) may be shown.
                try (Walked followed = PathWalk.walk(requested, PathWalk.LastName.FOLLOW)) {
                    if (!followed.exists()) {
                        throw followed.missingRefusal(policy, requested);
                    }
                    policy.requireAllowed(requested, followed.real());
                }
            }
            String name = requested.getFileName() == null ? "/" : requested.getFileName().toString();
            return FileMetas.of(walked.attributes(), entry, name, requested.toString());
        }
    }
}
