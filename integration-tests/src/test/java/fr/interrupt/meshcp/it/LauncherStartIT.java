package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fr.interrupt.meshcp.testsupport.Launchers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launchers with the class-data archives `package` makes (src/cds/train.sh): the archive is valid where it
 * was made (-Xshare:on refuses to start otherwise), and a dist copied elsewhere, where JDK 17 cannot use it, runs the
 * same and prints nothing about it.
 */
class LauncherStartIT {
    @TempDir
    Path tmp;

    @Test
    void theHubArchiveMapsWhereItWasMade() {
        Path archive = Launchers.hubLauncher().getParent().resolveSibling("lib").resolve("orchestrator-headless.jsa");
        assumeTrue(Files.exists(archive), "built with -DskipCds");

        Launchers.Result strict = Launchers.run(60, Map.of("MESHCP_JAVA_OPTS", "-Xshare:on"), Launchers.hubLauncher(), "--version");

        assertThat(strict.exitCode()).as(strict.stderr()).isZero();
        assertThat(strict.stdout()).startsWith("meshcp orchestrator ");
    }

    @Test
    void theAgentArchiveMapsWhereItWasMade() {
        Path archive = Launchers.agentLauncher().getParent().resolveSibling("lib").resolve("meshcp-agent.jsa");
        assumeTrue(Files.exists(archive), "built with -DskipCds, or no openssl");
        // start is the command the archive is for; without a config it stops at once with a sentence, after the JVM
        // has mapped the archive (or refused to start under -Xshare:on)
        Launchers.Result strict = Launchers.run(60, Map.of("MESHCP_JAVA_OPTS", "-Xshare:on"), Launchers.agentLauncher(),
                "start", "--config", tmp.resolve("missing.yaml").toString());

        assertThat(strict.stderr()).doesNotContain("shared archive").contains("missing.yaml");
    }

    @Test
    void aCopiedHubDistRunsSilentlyWithoutItsArchive() throws IOException {
        Path dist = copy(Launchers.hubLauncher().getParent().getParent(), tmp.resolve("hub"));

        Launchers.Result moved = Launchers.run(60, Map.of(), dist.resolve("bin/orchestrator-headless"), "--version");
        Launchers.Result inPlace = Launchers.run(60, Map.of(), Launchers.hubLauncher(), "--version");

        assertThat(moved.exitCode()).isZero();
        assertThat(moved.stdout()).isEqualTo(inPlace.stdout());
        assertThat(moved.stderr()).isEmpty();
    }

    @Test
    void theAgentStartsWithoutBouncyCastleAndEnrollsWithIt() {
        // -XshowSettings:properties prints java.class.path, one entry a line, before main runs
        Map<String, String> settings = Map.of("MESHCP_JAVA_OPTS", "-XshowSettings:properties");
        Launchers.Result start = Launchers.run(60, settings, Launchers.agentLauncher(), "start", "--config",
                tmp.resolve("missing.yaml").toString());
        Launchers.Result enroll = Launchers.run(60, settings, Launchers.agentLauncher(), "enroll", "--help");

        assertThat(start.stderr()).contains("agent-").contains("grpc-netty-shaded-").doesNotContain("bcprov-").doesNotContain("bcpkix-");
        assertThat(enroll.stderr()).contains("bcprov-").contains("bcpkix-");
        assertThat(enroll.exitCode()).isZero();
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
