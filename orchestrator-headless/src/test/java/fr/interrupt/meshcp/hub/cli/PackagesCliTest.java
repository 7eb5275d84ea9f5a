package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.shared.tls.CaPin;
import fr.interrupt.meshcp.shared.tls.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import fr.interrupt.meshcp.hub.cli.InProcessCli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** packages add / list, and the one-line install that token create prints once the hub has packages. */
class PackagesCliTest {
    @TempDir
    Path dir;
    @TempDir
    Path builds;

    private Run run(String... args) {
        return InProcessCli.on(dir, args);
    }

    private Path deb(String name) throws Exception {
        return Files.writeString(builds.resolve(name), "!<arch>\ndebian-binary   2.0\n", StandardCharsets.US_ASCII);
    }

    @Test
    void listWithoutPackagesSaysHowToAddThem() {
        Run list = run("packages", "list");

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("No agent packages: add them with 'packages add FILE...'");
    }

    @Test
    void addThenListShowsThePlatformVersionAndChecksum() throws Exception {
        Run add = run("packages", "add", deb("meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb").toString());
        Run list = run("packages", "list");

        assertThat(add.code()).as(add.err()).isZero();
        assertThat(add.out()).contains("Added meshcp-agent_0.1.0~SNAPSHOT-1_amd64.deb for linux-amd64");
        assertThat(list.out()).contains("PLATFORM").containsPattern("linux-amd64 +meshcp-agent_0\\.1\\.0~SNAPSHOT-1_amd64\\.deb +0\\.1\\.0~SNAPSHOT-1 +28 B +[0-9a-f]{64}");
    }

    @Test
    void aFileNotNamedAsAPackageIsAUsageErrorInTheCommandsWords() throws Exception {
        Run add = run("packages", "add", deb("agent.deb").toString());

        assertThat(add.code()).isEqualTo(2);
        assertThat(add.err()).contains("agent.deb is not named as an agent package");
    }

    @Test
    void tokenCreateSaysWhatTheOneLineInstallNeedsWhileTheHubHasNoPackages() {
        Run created = run("token", "create", "web-1", "--address", "10.0.0.2");

        assertThat(created.out()).contains("add agent packages to this hub first: 'packages add FILE...'")
                .doesNotContain("install.sh");
    }

    @Test
    void tokenCreatePrintsTheOneLineInstallPinnedToThisHubsCa() throws Exception {
        run("packages", "add", deb("meshcp-agent_0.1.0-1_amd64.deb").toString());

        Run created = run("token", "create", "web-1", "--address", "10.0.0.2");

        String pin = CaPin.of(Pem.readCertificate(new HubPaths(dir).caCertificate()));
        assertThat(created.out()).contains("Or install, enroll and start the agent in one line (linux-amd64;")
                .contains("curl -fsSk https://10.0.0.2:7443/ca.pem -o \"$c\"")
                .contains("openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')\" = " + pin + " ]")
                .contains(" && t=$(mktemp) && printf '%s\\n' meshcp1.")
                .contains(" >\"$t\" && curl -fsS --cacert \"$c\" --connect-to 127.0.0.1:7443:10.0.0.2:7443 https://127.0.0.1:7443/install.sh"
                        + " | sudo bash -s -- --orchestrator https://10.0.0.2:7443 --token-file \"$t\"")
                .doesNotContain("--token meshcp1");
    }
}
