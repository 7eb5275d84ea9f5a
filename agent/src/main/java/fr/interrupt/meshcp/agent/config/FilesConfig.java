package fr.interrupt.meshcp.agent.config;

import java.nio.file.Path;
import java.util.List;

/** capabilities.files in agent.yaml. An empty allowed_paths means any absolute path. */
public record FilesConfig(boolean enabled, int maxFileSizeMb, List<Path> allowedPaths) {
    public static final FilesConfig DEFAULT = new FilesConfig(true, 50, List.of());

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
