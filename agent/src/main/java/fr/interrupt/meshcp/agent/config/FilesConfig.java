package fr.interrupt.meshcp.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * capabilities.files in agent.yaml. An empty allowed_paths means any absolute path but the agent's own files
 * ({@code files.OwnFiles}); maxFileSizeMb caps one read and one write (MiB). allowHardLinks
 * (allow_hard_links) lets files with several hard links be read and written while allowed_paths is set.
 */
public record FilesConfig(boolean enabled, int maxFileSizeMb, List<Path> allowedPaths, boolean allowHardLinks) {
    public static final FilesConfig DEFAULT = new FilesConfig(true, 50, List.of());

    /** Without allow_hard_links (false). */
    public FilesConfig(boolean enabled, int maxFileSizeMb, List<Path> allowedPaths) {
        this(enabled, maxFileSizeMb, allowedPaths, false);
    }

    public FilesConfig {
        allowedPaths = List.copyOf(allowedPaths);
        if (maxFileSizeMb <= 0) {
            throw new IllegalArgumentException("max_file_size_mb must be positive");
        }
        for (Path p : allowedPaths) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("allowed paths must be absolute: " + p);
            }
        }
    }

    public long maxFileSizeBytes() {
        return maxFileSizeMb * 1024L * 1024L;
    }
}
