package fr.interrupt.meshcp.hub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * This process's stdin as exec sees it: whether it is a terminal, and the stream to forward when it is not.
 * Only the real command line has one: a command line built with other output streams (tests, an embedding program)
 * reads no stdin, as before stdin was forwarded.
 */
record LocalInput(InputStream stream, boolean terminal) {
    /** No stdin to forward. */
    static final LocalInput NONE = new LocalInput(null, false);

    /** The process's stdin when {@code streams} are the process's own stdout, else {@link #NONE}. */
    static LocalInput of(CliStreams streams) {
        if (streams.out() != System.out) {
            return NONE;
        }
        return new LocalInput(System.in, isTerminal(0));
    }

    /** Whether there is a stdin to forward: one that is not a terminal (a pipe, a file, /dev/null). */
    boolean forwardable() {
        return stream != null && !terminal;
    }

    /** On Linux, fd N is a terminal when it links to /dev/pts/N or /dev/ttyN; elsewhere, when the JVM has a console. */
    static boolean isTerminal(int fd) {
        Path link = Path.of("/proc/self/fd/" + fd);
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(link).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
