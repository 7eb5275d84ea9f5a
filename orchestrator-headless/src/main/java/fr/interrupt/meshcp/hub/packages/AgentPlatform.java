package fr.interrupt.meshcp.hub.packages;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platforms an agent package exists for, each with the one fixed name the enrollment endpoint serves its
 * package under ({@code /packages/linux-amd64.deb}). The served names never come from a request or a file: a
 * request path is only ever compared with these.
 */
public enum AgentPlatform {
    LINUX_AMD64("linux-amd64", "deb", "application/vnd.debian.binary-package"),
    LINUX_ARM64("linux-arm64", "deb", "application/vnd.debian.binary-package"),
    DARWIN_ARM64("darwin-arm64", "pkg", "application/octet-stream"),
    DARWIN_AMD64("darwin-amd64", "pkg", "application/octet-stream");

    /** A .deb as jpackage/build-agent-deb.sh names it: meshcp-agent_VERSION_ARCH.deb (Debian policy 5.6.12 versions). */
    private static final Pattern DEB = Pattern.compile("meshcp-agent_([0-9][A-Za-z0-9.+~-]{0,63})_(amd64|arm64)\\.deb");
    /** A .pkg as jpackage/macos/build-agent-pkg.sh names it: meshcp-agent-VERSION-macos-ARCH.pkg. */
    private static final Pattern PKG = Pattern.compile("meshcp-agent-([0-9][A-Za-z0-9.+~-]{0,63})-macos-(arm64|amd64)\\.pkg");

    private final String id;
    private final String extension;
    private final String contentType;

    AgentPlatform(String id, String extension, String contentType) {
        this.id = id;
        this.extension = extension;
        this.contentType = contentType;
    }

    /** OS and CPU as install.sh names them: {@code linux-amd64}, {@code darwin-arm64}... */
    public String id() {
        return id;
    }

    /** The name the endpoint serves this platform's package under, and the name in SHA256SUMS. */
    public String servedName() {
        return id + "." + extension;
    }

    /** The HTTP Content-Type of this platform's package. */
    public String contentType() {
        return contentType;
    }

    /** The platform whose served name is exactly {@code name}; empty for anything else. */
    public static Optional<AgentPlatform> byServedName(String name) {
        for (AgentPlatform platform : values()) {
            if (platform.servedName().equals(name)) {
                return Optional.of(platform);
            }
        }
        return Optional.empty();
    }

    /** The platform and version a package file's name says, when it is named as the build scripts name them. */
    public static Optional<Named> fromFileName(String fileName) {
        Matcher deb = DEB.matcher(fileName);
        if (deb.matches()) {
            return Optional.of(new Named(deb.group(2).equals("amd64") ? LINUX_AMD64 : LINUX_ARM64, deb.group(1)));
        }
        Matcher pkg = PKG.matcher(fileName);
        if (pkg.matches()) {
            return Optional.of(new Named(pkg.group(2).equals("amd64") ? DARWIN_AMD64 : DARWIN_ARM64, pkg.group(1)));
        }
        return Optional.empty();
    }

    /** What a package's file name says. */
    public record Named(AgentPlatform platform, String version) {
    }
}
