package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemotePathsTest {
    @Test
    void parentOfPosixPaths() {
        assertThat(RemotePaths.parent("/home/me/")).isEqualTo("/home");
        assertThat(RemotePaths.parent("/home")).isEqualTo("/");
        assertThat(RemotePaths.parent("/")).isNull();
    }

    @Test
    void parentOfWindowsPaths() {
        assertThat(RemotePaths.parent("C:\\Users\\me")).isEqualTo("C:\\Users");
        assertThat(RemotePaths.parent("C:\\Users")).isEqualTo("C:\\");
        assertThat(RemotePaths.parent("C:\\")).isNull();
    }

    @Test
    void childJoinsWithTheDirectorysSeparator() {
        assertThat(RemotePaths.child("/tmp", "a.txt")).isEqualTo("/tmp/a.txt");
        assertThat(RemotePaths.child("/", "a.txt")).isEqualTo("/a.txt");
        assertThat(RemotePaths.child("C:\\Temp", "a.txt")).isEqualTo("C:\\Temp\\a.txt");
    }
}
