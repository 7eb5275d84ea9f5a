package fr.interrupt.meshcp.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** File failures in words: never a Java class name, never just the path. */
class IoReasonsTest {

    @Test
    void javasFileExceptionsBecomeWords() {
        assertThat(IoReasons.of(new FileAlreadyExistsException("/srv/x"))).isEqualTo("already exists");
        assertThat(IoReasons.of(new NoSuchFileException("/srv/x"))).isEqualTo("no such file or directory");
        assertThat(IoReasons.of(new AccessDeniedException("/srv/x"))).isEqualTo("permission denied");
        assertThat(IoReasons.of(new FileSystemException("/srv/x", null, "Read-only file system"))).isEqualTo("Read-only file system");
    }

    @Test
    void aWrappedExceptionLosesItsClassName() {
        IOException wrapped = new IOException(new FileAlreadyExistsException("/srv/x"));

        assertThat(IoReasons.of(wrapped)).isEqualTo("/srv/x").doesNotContain("Exception");
    }
}
