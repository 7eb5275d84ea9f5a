package fr.interrupt.meshcp.shared.text;

import fr.interrupt.meshcp.proto.agent.v1.FilesCapability;

/**
 * Which paths a machine's files capability serves, in words, the same on every face (CLI status, MCP
 * system_status and list_machines, the desktop's details): "only under /home, /var/log", "any path except the
 * agent's own files" (an agent that protects its agent.yaml, creds and program, {@code protects_own_files}), or
 * "any absolute path" (an older agent that does not).
 */
public final class FileScopes {
    /** What an agent with an empty allowed_paths that protects itself serves. */
    public static final String ANY_BUT_OWN = "any path except the agent's own files";
    /** What an older agent with an empty allowed_paths serves. */
    public static final String ANY = "any absolute path";

    private FileScopes() {
    }

    /** The scope of {@code files}: its allowed paths joined with {@code separator}, or one of the two "any" phrases. */
    public static String of(FilesCapability files, String separator) {
        if (files.getAllowedPathsCount() > 0) {
            return "only under " + String.join(separator, files.getAllowedPathsList());
        }
        return files.getProtectsOwnFiles() ? ANY_BUT_OWN : ANY;
    }
}
