package fr.interrupt.meshcp.hub.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.state.Json;
import fr.interrupt.meshcp.testsupport.TestClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adding packages: named as the build names them, the right kind of file, one per platform, replaced by a newer one. */
class PackageStoreTest {
    @TempDir
    Path data;
    @TempDir
    Path builds;

    private PackageStore store() {
        return new PackageStore(data.resolve("packages"), new TestClock(), Json.mapper());
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(builds.resolve(name), content, StandardCharsets.ISO_8859_1);
    }

    @Test
    void aDebAndAPkgAreKeptUnderTheirPlatformNamesWithTheirChecksums() throws Exception {
        PackageStore store = store();
        store.add(List.of(file("meshcp-agent_0.1.0~SNAPSHOT-1_arm64.deb", "!<arch>\ndebian-binary   2.0"),
                file("meshcp-agent-0.1.0-SNAPSHOT-macos-arm64.pkg", "xar!rest")));

        assertThat(store.list()).extracting(AgentPackage::platform, AgentPackage::version)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AgentPlatform.LINUX_ARM64, "0.1.0~SNAPSHOT-1"),
                        org.assertj.core.groups.Tuple.tuple(AgentPlatform.DARWIN_ARM64, "0.1.0-SNAPSHOT"));
        assertThat(Files.readString(data.resolve("packages/linux-arm64.deb"), StandardCharsets.ISO_8859_1)).endsWith("2.0");
        assertThat(store.manifest()).matches("[0-9a-f]{64}  linux-arm64\\.deb\n[0-9a-f]{64}  darwin-arm64\\.pkg\n");
    }

    @Test
    void aNewerPackageReplacesTheOneOfItsPlatformAndSaysWhich() throws Exception {
        PackageStore store = store();
        store.add(List.of(file("meshcp-agent_0.1.0-1_amd64.deb", "!<arch>\ndebian-binary old")));

        List<PackageStore.Added> added = store.add(List.of(file("meshcp-agent_0.2.0-1_amd64.deb", "!<arch>\ndebian-binary new")));

        assertThat(added.get(0).replaced()).map(AgentPackage::fileName).contains("meshcp-agent_0.1.0-1_amd64.deb");
        assertThat(store.list()).singleElement().extracting(AgentPackage::version).isEqualTo("0.2.0-1");
    }

    @Test
    void aFileNotNamedAsAPackageIsRefusedWithTheExpectedNames() throws Exception {
        Path wrong = file("agent.deb", "!<arch>\ndebian-binary");

        assertThatThrownBy(() -> store().add(List.of(wrong))).isInstanceOfSatisfying(MeshcpException.class, e -> {
            assertThat(e.kind()).isEqualTo(MeshcpException.Kind.INVALID_INPUT);
            assertThat(e.getMessage()).contains("agent.deb is not named as an agent package")
                    .contains("meshcp-agent_VERSION_ARCH.deb");
        });
    }

    @Test
    void aFileThatIsNotADebianPackageIsRefusedAndNothingIsAdded() throws Exception {
        Path good = file("meshcp-agent_0.1.0-1_arm64.deb", "!<arch>\ndebian-binary");
        Path html = file("meshcp-agent_0.1.0-1_amd64.deb", "<html>not found</html>");
        PackageStore store = store();

        assertThatThrownBy(() -> store.add(List.of(good, html))).isInstanceOfSatisfying(MeshcpException.class,
                e -> assertThat(e.getMessage()).endsWith("does not start as a Debian package (.deb) does"));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void twoPackagesForOnePlatformAreRefused() throws Exception {
        Path one = file("meshcp-agent_0.1.0-1_amd64.deb", "!<arch>\ndebian-binary");
        Path two = file("meshcp-agent_0.2.0-1_amd64.deb", "!<arch>\ndebian-binary");

        assertThatThrownBy(() -> store().add(List.of(one, two))).hasMessageEndingWith("are both for linux-amd64: add one of them");
    }

    @Test
    void aMissingFileIsNotFound() {
        Path missing = builds.resolve("meshcp-agent_0.1.0-1_amd64.deb");

        assertThatThrownBy(() -> store().add(List.of(missing))).isInstanceOfSatisfying(MeshcpException.class,
                e -> assertThat(e.kind()).isEqualTo(MeshcpException.Kind.NOT_FOUND));
    }
}
