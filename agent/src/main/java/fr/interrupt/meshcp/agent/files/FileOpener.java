package fr.interrupt.meshcp.agent.files;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * How {@link FileReader} opens a file it has checked (allowed, not the agent's own, a regular file). Production opens
 * the name read-only in the directory the path walk holds (openat), without following a symlink swapped in since the
 * check; the reader then checks the opened file is the one it checked. Tests substitute a channel whose
 * reads never return, as {@code /proc/kmsg} does (a regular file by lstat that blocks), to exercise the agent's
 * handling of a read that never ends without reading a file that destroys what it reads.
 */
@FunctionalInterface
public interface FileOpener {
    /** The production opener. */
    FileOpener DIRECT = (directory, name, real) -> directory.newByteChannel(name,
            Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));

    /**
     * Opens {@code name} in {@code directory} for reading ({@code real} is its checked real path); the channel must be
     * a {@link java.nio.channels.FileChannel}, and closing it from another thread must end a read blocked on it.
     */
    SeekableByteChannel open(SecureDirectoryStream<Path> directory, Path name, Path real) throws IOException;
}
