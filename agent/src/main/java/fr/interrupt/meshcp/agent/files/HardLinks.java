package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * A path check cannot see where a hard link leads: another name of the same file may lie outside allowed_paths (a
 * link made to /etc/shadow from an allowed directory). So when allowed_paths is set, regular files with more than
 * one link are refused for reading and writing, unless agent.yaml sets files.allow_hard_links: true. With
 * allowed_paths empty (any path), links are served as any file.
 */
final class HardLinks {
    private HardLinks() {
    }

    /**
     * Refuses {@code real} (an existing regular file, no symlink) when its link count says another name may be outside.
     *
     * @throws Refusal PERMISSION_DENIED naming the file, its link count and the setting that allows it
     */
    static void check(FilesConfig config, Path real, Path requested, String action) {
        if (config.allowedPaths().isEmpty() || config.allowHardLinks()) {
            return;
        }
        int links = links(real);
        if (links > 1) {
            throw Refusal.denied("refusing to " + action + " " + requested + ": it has " + links + " hard links, and with "
                    + "allowed_paths set another of its names may be outside them (files.allow_hard_links: true in "
                    + "agent.yaml allows such files)");
        }
    }

    private static int links(Path real) {
        try {
            return ((Number) Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // no unix attributes: nothing to tell
        }
    }
}
