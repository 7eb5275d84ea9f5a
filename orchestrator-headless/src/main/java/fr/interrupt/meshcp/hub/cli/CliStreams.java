package fr.interrupt.meshcp.hub.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The byte streams behind the command line's writers, for output that must stay binary-safe (cat,
 * exec), and whether stderr is a terminal (progress meters are drawn only there).
 */
record CliStreams(PrintStream out, PrintStream err, boolean errIsTerminal) {

    /** Streams the factory was given; stderr counts as a terminal only when it is this process's own stderr on a TTY. */
    static CliStreams of(PrintStream out, PrintStream err) {
        return new CliStreams(out, err, err == System.err && stderrIsTerminal());
    }

    /** On Linux, fd 2 is a terminal when it links to /dev/pts/N or /dev/ttyN; elsewhere, when the JVM has a console. */
    private static boolean stderrIsTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return System.console() != null;
    }
}
