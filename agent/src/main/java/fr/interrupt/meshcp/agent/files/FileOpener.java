package fr.interrupt.meshcp.agent.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How {@link FileReader} opens a file it has checked (allowed, not the agent's own, a regular file). Production opens
 * the real path read-only without following a symlink swapped in since the check. Tests substitute a channel whose
 * reads never return, as {@code /proc/kmsg} does (a regular file by lstat that blocks), to exercise the agent's
 * handling of a read that never ends without reading a file that destroys what it reads.
 */
@FunctionalInterface
public interface FileOpener {
    /** The production opener. */
    FileOpener DIRECT = real -> FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /** Opens {@code real} for reading; a channel closed from another thread must end a read blocked on it. */
    FileChannel open(Path real) throws IOException;
}
