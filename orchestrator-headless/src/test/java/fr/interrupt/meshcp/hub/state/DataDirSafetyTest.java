package fr.interrupt.meshcp.hub.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.testsupport.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another local user can neither read the hub's state nor make it hang by holding a lock. */
class DataDirSafetyTest {
    @TempDir
    Path temp;

    @Test
    void aDataDirOpenToOthersIsTightenedAndANewOneIsOwnerOnly() throws Exception {
        Path existing = Files.createDirectory(temp.resolve("hub"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateDataDir.prepare(existing);
        PrivateDataDir.prepare(temp.resolve("fresh/hub"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temp.resolve("fresh/hub")))).isEqualTo("rwx------");
    }

    @Test
    void aDataDirOfAnotherUserIsRefused() throws Exception {
        assumeThat(System.getProperty("user.name")).as("only root can give a directory away").isEqualTo("root");
        Path theirs = Files.createDirectory(temp.resolve("theirs"));
        UserPrincipal nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(theirs, nobody);

        assertThatThrownBy(() -> PrivateDataDir.prepare(theirs)).isInstanceOf(MeshcpException.class)
                .hasMessageContaining("belongs to nobody").hasMessageContaining("--data-dir");
    }

    @Test
    void lockFilesAreOwnerOnly() throws Exception {
        Path lockFile = temp.resolve(".registry.lock");
        try (StateFiles.Held held = StateFiles.lock(lockFile)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lockFile))).isEqualTo("rw-------");
        }
    }

    @Test
    void aLockHeldTooLongIsAnErrorNamingItsHolderNotAHang() throws Exception {
        Path lockFile = temp.resolve(".tokens.lock");
        Process holder = ChildJvm.start(LockHolderMain.class, temp.resolve("holder.err"), lockFile.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> StateFiles.lock(lockFile, Duration.ofMillis(300)))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("pid " + holder.pid())
                    .hasMessageContaining("LockHolderMain")
                    .hasMessageContaining("for more than 300 ms").hasMessageContaining("stop that process");
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        try (StateFiles.Held held = StateFiles.lock(lockFile, Duration.ofSeconds(5))) {
            assertThat(held).isNotNull();
        }
    }
}
