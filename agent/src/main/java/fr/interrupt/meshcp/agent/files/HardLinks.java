package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import fr.interrupt.meshcp.agent.config.FilesConfig;
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
     * Refuses a held file (see {@link PathWalk}) whose link count, read from that very file, is above one.
     *
     * @param links the file's st_nlink
     * @throws Refusal PERMISSION_DENIED naming the file, its link count and the setting that allows it
     */
    static void check(FilesConfig config, int links, Path requested, String action) {
        if (config.allowedPaths().isEmpty() || config.allowHardLinks()) {
            return;
        }
        if (links > 1) {
            throw refusal(links, requested, action);
        }
    }

    private static Refusal refusal(int links, Path requested, String action) {
        return Refusal.denied("refusing to " + action + " " + requested + ": it has " + links + " hard links, and with "
                + "allowed_paths set another of its names may be outside them (files.allow_hard_links: true in "
                + "agent.yaml allows such files)");
    }
}
