package fr.interrupt.meshcp.desktop.enroll;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the `meshcp-agent` launcher that "Add this computer" runs: an explicit path
 * ({@code --agent-launcher} or {@code -Dmeshcp.agent.launcher}), then {@code $MESHCP_AGENT}, then next
 * to this app's own dist, then {@code meshcp-agent} on the PATH.
 */
public final class AgentLauncher {
    private static final String NAME = "meshcp-agent";

    private AgentLauncher() {
    }

    public static Optional<Path> find(String explicit, Map<String, String> env, String appHome) {
        for (Path candidate : candidates(explicit, env, appHome)) {
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * The checkout an app built there runs from ({@code ROOT/orchestrator-desktop/target/dist}), whose agent launcher
     * the README's build puts in {@code ROOT/agent/target/dist}; null for an installed app.
     */
    private static Path sourceTreeOf(Path appHome) {
        Path target = appHome.getParent();
        Path module = target == null ? null : target.getParent();
        boolean built = appHome.getFileName() != null && appHome.getFileName().toString().equals("dist") && target.getFileName() != null
                && target.getFileName().toString().equals("target") && module != null && module.getFileName() != null
                && module.getFileName().toString().equals("orchestrator-desktop");
        return built ? module.getParent() : null;
    }

    /** Where it looks, in order: for the message that says it found none. */
    public static List<Path> candidates(String explicit, Map<String, String> env, String appHome) {
        List<Path> all = new ArrayList<>();
        if (explicit != null && !explicit.isBlank()) {
            all.add(Path.of(explicit));
        }
        String fromEnv = env.get("MESHCP_AGENT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            all.add(Path.of(fromEnv));
        }
        if (appHome != null && !appHome.isBlank()) {
            Path home = Path.of(appHome);
            all.add(home.resolve("bin").resolve(NAME));
            if (home.getParent() != null) {
                all.add(home.getParent().resolve("agent").resolve("bin").resolve(NAME));
                all.add(home.getParent().resolve(NAME).resolve("bin").resolve(NAME));
                all.add(home.getParent().resolve("bin").resolve(NAME));
            }
            Path sourceTree = sourceTreeOf(home);
            if (sourceTree != null) {
                all.add(sourceTree.resolve("agent/target/dist/bin").resolve(NAME));
            }
        }
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank()) {
                all.add(Path.of(dir, NAME));
            }
        }
        return all;
    }
}
