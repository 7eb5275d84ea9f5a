package fr.interrupt.meshcp.agent.files;

import fr.interrupt.meshcp.agent.Refusal;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The agent's own files, which the files capability never reads or writes, whatever allowed_paths says: the
 * agent.yaml it was started with, its creds directory (the whole tree: the private key above all) and the
 * directory it runs from (the launcher's {@code bin/} and {@code lib/}, and the jlinked {@code runtime/} beside
 * them: {@code /opt/meshcp-agent} in the .deb). Without this, a hub could read {@code agent.key} or rewrite
 * {@code agent.yaml} and widen the agent's own policy.
 *
 * <p>Decisions are made like {@link PathPolicy}'s: on real paths, component by component ({@code /etc/meshcp/creds}
 * covers {@code /etc/meshcp/creds/agent.key}, never {@code /etc/meshcp/creds2}); each protected path is kept both as
 * given (absolute, normalised) and as its real path, resolved once at start. A regular file with several hard links
 * is also refused when one of its other names is a protected file. Listing a protected directory and stat'ing its
 * entries stay allowed (names and sizes, never content). The shell capability is not covered: a command can do
 * anything the agent's user can.
 */
public final class OwnFiles {
    /** How many entries of the protected trees are compared when a file with several hard links is read or written. */
    static final int MAX_LINK_SCAN = 10_000;

    private final List<Path> roots;

    private OwnFiles(List<Path> roots) {
        this.roots = roots;
    }

    /**
     * The protected set of an agent started with {@code configFile} and {@code credsDir}, plus the directory its
     * program runs from ({@link #programDirs()}).
     *
     * @param configFile the agent.yaml it was started with (need not exist)
     * @param credsDir   its creds_dir
     */
    public static OwnFiles of(Path configFile, Path credsDir) {
        List<Path> paths = new ArrayList<>(List.of(configFile, credsDir));
        paths.addAll(programDirs());
        return of(paths);
    }

    /** Nothing protected: for tests of one file operation alone. */
    public static OwnFiles none() {
        return new OwnFiles(List.of());
    }

    /** Exactly these paths (files or whole directory trees) and nothing else. */
    public static OwnFiles of(List<Path> paths) {
        Set<Path> roots = new LinkedHashSet<>();
        for (Path path : paths) {
            Path absolute = path.toAbsolutePath().normalize();
            roots.add(absolute);
            try {
                roots.add(absolute.toRealPath());
            } catch (IOException e) {
                // Not there (yet): the path as given is what is protected.
            }
        }
        return new OwnFiles(List.copyOf(roots));
    }

    /**
     * Where the agent's program lives, from the code source of its classes: a jar in a {@code lib/} directory
     * means the installation around it ({@code APP/lib/x.jar} gives {@code APP}, holding bin/, lib/ and runtime/,
     * and the real path of {@code APP/runtime} when it is a link elsewhere, as in the desktop's .deb); anything
     * else (classes run from a build directory) is protected as it is. Empty when the JVM does not say.
     */
    public static List<Path> programDirs() {
        CodeSource source = OwnFiles.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return List.of();
        }
        Path code;
        try {
            code = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return List.of();
        }
        Path parent = code.getParent();
        if (Files.isRegularFile(code) && parent != null && parent.getFileName() != null
                && parent.getFileName().toString().equals("lib") && parent.getParent() != null) {
            Path app = parent.getParent();
            return List.of(app, app.resolve("runtime"));
        }
        return List.of(code);
    }

    /** The protected paths, as given and as real paths. */
    public List<Path> roots() {
        return roots;
    }

    /** Whether {@code real} (a real or projected path) is one of the protected paths or lies under one. */
    public boolean covers(Path real) {
        for (Path root : roots) {
            if (real.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses {@code action} ("read", "write") on {@code requested} when its real path {@code real} is one of the
     * agent's own files, or a hard link to one.
     *
     * @throws Refusal PERMISSION_DENIED: "refusing to read /etc/meshcp/creds/agent.key: it is one of the agent's own
     *                 files (its configuration, credentials or program), which the files capability never serves"
     */
    public void check(Path requested, Path real, String action) {
        if (covers(real) || covers(requested) || isLinkToOwnFile(real)) {
            throw refusal(requested, action);
        }
    }

    /**
     * Refuses {@code action} on a file a {@link PathWalk} holds: {@code real} is its walked real path, {@code fileKey}
     * and {@code links} its identity (device and inode) and link count from the held file, so the hard-link comparison
     * is made on the file that will be opened, not on whatever its path names later.
     *
     * @throws Refusal PERMISSION_DENIED, worded as {@link #check(Path, Path, String)}
     */
    public void check(Path requested, Path real, Object fileKey, int links, String action) {
        if (covers(real) || covers(requested) || (links > 1 && fileKey != null && isLinkToOwnFile(fileKey))) {
            throw refusal(requested, action);
        }
    }

    private static Refusal refusal(Path requested, String action) {
        return Refusal.denied("refusing to " + action + " " + requested + ": it is one of the agent's own files (its configuration, "
                + "credentials or program), which the files capability never serves");
    }

    /** True when {@code real} is an existing regular file with several links, one of which is a protected file. */
    private boolean isLinkToOwnFile(Path real) {
        Object key = linkedFileKey(real);
        if (key == null) {
            return false;
        }
        return isLinkToOwnFile(key);
    }

    /** True when a protected regular file with several links has this identity (device and inode). */
    private boolean isLinkToOwnFile(Object key) {
        int seen = 0;
        for (Path root : roots) {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path entry : (Iterable<Path>) tree::iterator) {
                    if (++seen > MAX_LINK_SCAN) {
                        return false;
                    }
                    if (key.equals(linkedFileKey(entry))) {
                        return true;
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // An unreadable part of a protected tree: the agent cannot read it either.
            }
        }
        return false;
    }

    /** The identity (device and inode) of a regular file with more than one link; null otherwise. */
    private static Object linkedFileKey(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isRegularFile()) {
                return null;
            }
            Object links = Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
            return links instanceof Integer n && n > 1 ? Objects.requireNonNull(attributes.fileKey(), "fileKey") : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | NullPointerException e) {
            return null; // gone, or no unix attributes: no link to compare
        }
    }
}
