package fr.interrupt.meshcp.hub.config;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** `--data-dir`, accepted before or after the subcommand, with the documented default. */
public final class DataDirOption {
    @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Hub state (CA, registry, tokens, audit log). Default: /var/lib/meshcp when writable, "
                    + "else $XDG_DATA_HOME/meshcp or ~/.local/share/meshcp; also $MESHCP_DATA_DIR.")
    Path dataDir;

    /** The data dir: {@code --data-dir}, else $MESHCP_DATA_DIR, else the default for this user. */
    public Path resolve(Map<String, String> env) {
        if (dataDir != null) {
            return dataDir;
        }
        String fromEnv = env.get("MESHCP_DATA_DIR");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return HubPaths.defaultDataDir(env);
    }

    /**
     * Opens the hub on {@link #resolve}'s data dir for {@code face} ("cli", "mcp"...), named "face:user" in audit.log.
     *
     * @throws fr.interrupt.meshcp.hub.MeshcpException STATE when the data dir cannot be created or a state file is corrupt
     */
    public Hub open(Map<String, String> env, String face) {
        String user = System.getProperty("user.name", "unknown");
        return Hub.open(resolve(env), face + ":" + user);
    }
}
