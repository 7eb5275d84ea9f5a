package fr.interrupt.meshcp.hub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the hub keeps its state inside one data dir. */
public record HubPaths(Path dataDir) {
    public static final Path SYSTEM_DATA_DIR = Path.of("/var/lib/meshcp");

    public HubPaths {
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public Path caDir() {
        return dataDir.resolve("ca");
    }

    public Path caCertificate() {
        return caDir().resolve("ca.crt");
    }

    public Path caKey() {
        return caDir().resolve("ca.key");
    }

    /** The new CA during a CA rotation ({@code ca rotate}); it becomes ca.crt when the rotation finishes. */
    public Path nextCaCertificate() {
        return caDir().resolve("next.crt");
    }

    public Path nextCaKey() {
        return caDir().resolve("next.key");
    }

    /** The hub's own keys and certificates (orchestrator client, enrollment server). */
    public Path hubDir() {
        return dataDir.resolve("hub");
    }

    public Path registry() {
        return dataDir.resolve("registry.json");
    }

    /** The certificate lifecycle: leaf validity, the hub deny list, renewals under way (hub.certs). */
    public Path certificates() {
        return dataDir.resolve("certificates.json");
    }

    public Path tokens() {
        return dataDir.resolve("tokens.json");
    }

    /** The hub's policy for MCP callers (Claude). */
    public Path mcpPolicy() {
        return dataDir.resolve("mcp-policy.json");
    }

    /** MCP requests waiting for a person's approval, and recent decisions. */
    public Path approvals() {
        return dataDir.resolve("approvals.json");
    }

    public Path auditLog() {
        return dataDir.resolve("audit.log");
    }

    /** The agent packages the enrollment endpoint serves to install.sh ({@code packages add}). */
    public Path packagesDir() {
        return dataDir.resolve("packages");
    }

    /**
     * The default data dir: /var/lib/meshcp when it is (or can be made) writable, else
     * $XDG_DATA_HOME/meshcp, else ~/.local/share/meshcp.
     */
    public static Path defaultDataDir(Map<String, String> env) {
        if (isWritable(SYSTEM_DATA_DIR)) {
            return SYSTEM_DATA_DIR;
        }
        String xdg = env.get("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "meshcp");
        }
        return Path.of(System.getProperty("user.home"), ".local", "share", "meshcp");
    }

    private static boolean isWritable(Path dir) {
        if (Files.isDirectory(dir)) {
            return Files.isWritable(dir);
        }
        Path parent = dir.getParent();
        return parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
    }
}
