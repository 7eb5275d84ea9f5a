package fr.interrupt.meshcp.hub.packages;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.JsonStateFile;
import fr.interrupt.meshcp.hub.state.StateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The agent packages this hub serves to {@code install.sh}: one per {@link AgentPlatform}, kept in
 * {@code DATA/packages/} under its served name, with {@code packages.json} (name, version, size, SHA-256) written
 * atomically under its lock, so several processes may add at once. The checksums are computed here, when a
 * package is added, and served as {@code SHA256SUMS} in sha256sum(1)'s format.
 */
public final class PackageStore {
    /** The largest package accepted and served, in bytes (the agent's .deb is about 50 MB). */
    public static final long MAX_PACKAGE_BYTES = 256L * 1024 * 1024;
    private static final byte[] AR_MAGIC = "!<arch>\ndebian-binary".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XAR_MAGIC = "xar!".getBytes(StandardCharsets.US_ASCII);

    private final Path dir;
    private final JsonStateFile<PackageIndex> index;
    private final Clock clock;

    public PackageStore(Path dir, Clock clock, ObjectMapper json) {
        this.dir = dir;
        this.index = new JsonStateFile<>(dir.resolve("packages.json"), PackageIndex.class, PackageIndex::empty, json);
        this.clock = clock;
    }

    /** The folder the packages are kept in ({@code DATA/packages}). */
    public Path dir() {
        return dir;
    }

    /** The packages served now, in platform order. */
    public List<AgentPackage> list() {
        List<AgentPackage> all = new ArrayList<>(index.read().packages());
        all.sort((a, b) -> a.platform().compareTo(b.platform()));
        return all;
    }

    /**
     * Adds packages, each replacing the one of its platform. Every file is checked before any is copied: named as
     * the build scripts name them ({@code meshcp-agent_VERSION_ARCH.deb}, {@code meshcp-agent-VERSION-macos-ARCH.pkg}),
     * a regular file of at most {@link #MAX_PACKAGE_BYTES}, starting as a .deb (ar) or a .pkg (xar) does, and one
     * per platform. Returns what was added, with the package each one replaced.
     *
     * @throws MeshcpException NOT_FOUND for a missing file; INVALID_INPUT for a file that breaks a rule above;
     *     STATE when the data dir cannot be written
     */
    public List<Added> add(List<Path> files) {
        Map<AgentPlatform, Candidate> candidates = new EnumMap<>(AgentPlatform.class);
        for (Path file : files) {
            Candidate candidate = check(file);
            Candidate same = candidates.put(candidate.named().platform(), candidate);
            if (same != null) {
                throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, same.file() + " and " + file + " are both for "
                        + candidate.named().platform().id() + ": add one of them");
            }
        }
        List<Added> added = new ArrayList<>();
        for (Candidate candidate : candidates.values()) {
            added.add(copyIn(candidate));
        }
        return added;
    }

    /** The package served for {@code platform} and its file, when one was added. */
    public Optional<Served> served(AgentPlatform platform) {
        return index.read().packages().stream().filter(p -> p.platform() == platform).findFirst()
                .map(p -> new Served(p, dir.resolve(platform.servedName())));
    }

    /** SHA256SUMS: one {@code HEX  SERVED-NAME} line per package, as sha256sum(1) writes and checks them. */
    public String manifest() {
        StringBuilder sums = new StringBuilder();
        for (AgentPackage p : list()) {
            sums.append(p.sha256()).append("  ").append(p.platform().servedName()).append('\n');
        }
        return sums.toString();
    }

    /** A package and the file it is served from. */
    public record Served(AgentPackage agentPackage, Path file) {
    }

    /** A package just added, and the one of the same platform it replaced, if any. */
    public record Added(AgentPackage agentPackage, Optional<AgentPackage> replaced) {
    }

    private record Candidate(Path file, AgentPlatform.Named named, long size) {
    }

    private static Candidate check(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        AgentPlatform.Named named = AgentPlatform.fromFileName(name).orElseThrow(() -> new MeshcpException(
                MeshcpException.Kind.INVALID_INPUT, file + " is not named as an agent package: expected "
                + "meshcp-agent_VERSION_ARCH.deb (jpackage/build-agent-deb.sh) or meshcp-agent-VERSION-macos-ARCH.pkg "
                + "(jpackage/macos/build-agent-pkg.sh), ARCH amd64 or arm64"));
        if (!Files.exists(file)) {
            throw new MeshcpException(MeshcpException.Kind.NOT_FOUND, "no such file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, file + " is not a regular file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_PACKAGE_BYTES) {
                throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, file + " is larger than the "
                        + (MAX_PACKAGE_BYTES >> 20) + " MiB a package may be");
            }
            byte[] magic = named.platform().servedName().endsWith(".deb") ? AR_MAGIC : XAR_MAGIC;
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(magic.length);
            }
            if (!Arrays.equals(head, magic)) {
                throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, file + " does not start as a "
                        + (magic == AR_MAGIC ? "Debian package (.deb)" : "macOS installer package (.pkg)") + " does");
            }
            return new Candidate(file, named, size);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, "cannot read " + file + ": " + describe(e), e);
        }
    }

    /**
     * Copies the file in beside its served name, hashing it on the way (no lock held), then, under the index's
     * lock, renames it into place and records it: the served file and its checksum change together.
     */
    private Added copyIn(Candidate candidate) {
        AgentPlatform platform = candidate.named().platform();
        Path target = dir.resolve(platform.servedName());
        try {
            StateFiles.ensureDirectory(dir);
            Path temp = Files.createTempFile(dir, "." + platform.servedName(), ".tmp");
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                long size;
                try (InputStream in = new DigestInputStream(Files.newInputStream(candidate.file()), sha)) {
                    size = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                }
                if (size > MAX_PACKAGE_BYTES) {
                    throw new MeshcpException(MeshcpException.Kind.INVALID_INPUT, candidate.file() + " grew while it was copied");
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
                AgentPackage copied = new AgentPackage(platform, candidate.file().getFileName().toString(),
                        candidate.named().version(), size, HexFormat.of().formatHex(sha.digest()), clock.instant());
                List<AgentPackage> replaced = new ArrayList<>();
                index.update(current -> {
                    moveIntoPlace(temp, target);
                    List<AgentPackage> next = new ArrayList<>();
                    for (AgentPackage p : current.packages()) {
                        (p.platform() == platform ? replaced : next).add(p);
                    }
                    next.add(copied);
                    return new PackageIndex(1, next);
                });
                return new Added(copied, replaced.stream().reduce((a, b) -> b));
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot copy " + candidate.file() + " into " + dir + ": "
                    + describe(e), e);
        }
    }

    private static void moveIntoPlace(Path temp, Path target) {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot write " + target + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
