package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.service.RemotePaths;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferHelpersTest {
    @TempDir
    Path dir;

    @Test
    void modeIsOctalWithOrWithoutPrefix() {
        assertThat(PutCommand.parseMode("0644")).isEqualTo(0644);
        assertThat(PutCommand.parseMode("755")).isEqualTo(0755);
        assertThat(PutCommand.parseMode("0o600")).isEqualTo(0600);
        assertThat(PutCommand.parseMode("4755")).isEqualTo(04755);
    }

    @Test
    void modeThatIsNotOctalIsRefused() {
        assertThatThrownBy(() -> PutCommand.parseMode("rw-r--r--")).isInstanceOf(MeshcpException.class).hasMessageContaining("octal");
        assertThatThrownBy(() -> PutCommand.parseMode("0789")).isInstanceOf(MeshcpException.class);
        assertThatThrownBy(() -> PutCommand.parseMode("107777")).isInstanceOf(MeshcpException.class);
    }

    @Test
    void remoteBaseName() {
        assertThat(RemotePaths.baseName("/var/log/syslog")).isEqualTo("syslog");
        assertThat(RemotePaths.baseName("/srv/data/")).isEqualTo("data");
        assertThatThrownBy(() -> RemotePaths.baseName("/")).isInstanceOf(MeshcpException.class);
    }

    @Test
    void getIntoADirectoryKeepsTheRemoteName() {
        assertThat(GetCommand.localTarget(dir.toString(), "/var/log/syslog")).isEqualTo(dir.resolve("syslog"));
    }

    @Test
    void getToAFileNameUsesIt() {
        assertThat(GetCommand.localTarget(dir.resolve("copy").toString(), "/var/log/syslog")).isEqualTo(dir.resolve("copy"));
    }

    @Test
    void getIntoAMissingDirectoryIsRefusedBeforeAnyTransfer() {
        assertThatThrownBy(() -> GetCommand.localTarget(dir.resolve("nope/copy").toString(), "/x"))
                .isInstanceOf(MeshcpException.class).hasMessageContaining("no such local directory");
        assertThatThrownBy(() -> GetCommand.localTarget(dir.resolve("nope") + "/", "/x"))
                .isInstanceOf(MeshcpException.class).hasMessageContaining("no such local directory");
    }

    @Test
    void progressTextShowsBytesTotalPercentAndRate() {
        assertThat(Progress.text("web:/x", 10L << 20, 20L << 20, 2_000_000_000L)).isEqualTo("web:/x  10.0 MiB / 20.0 MiB   50%  5.0 MiB/s");
        assertThat(Progress.text("web:/x", 512, -1, 0)).isEqualTo("web:/x  512 B");
    }

}
