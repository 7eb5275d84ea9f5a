package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.service.ExecListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output of a command run on several machines: every line prefixed with {@code "name | "} (names
 * padded to one width), stdout lines to stdout and stderr lines to stderr. Each machine's output is
 * buffered up to the end of a line, and a line is written in one piece, so lines from different
 * machines never interleave mid-line. A line longer than {@link #MAX_LINE} is cut there, so one
 * machine that never prints a newline cannot fill memory.
 */
final class PrefixedOutput implements ExecListener {
    static final int MAX_LINE = 64 * 1024;

    private final PrintStream out;
    private final PrintStream err;
    private final int width;
    private final Object lock = new Object();
    private final Map<String, LineBuffer> buffers = new ConcurrentHashMap<>();

    /** {@code names} are the machines that will write, to align their prefixes. */
    PrefixedOutput(PrintStream out, PrintStream err, Collection<String> names) {
        this.out = out;
        this.err = err;
        this.width = names.stream().mapToInt(String::length).max().orElse(0);
    }

    @Override
    public void onOutput(String machine, OutputKind kind, byte[] chunk) {
        buffers.computeIfAbsent(machine + (kind == OutputKind.STDERR ? "\u0000err" : "\u0000out"),
                key -> new LineBuffer(machine, kind == OutputKind.STDERR ? err : out)).append(chunk);
    }

    /** Writes what is left of every unfinished line, each ended with a newline. */
    void finish() {
        buffers.values().forEach(LineBuffer::flushRest);
    }

    private byte[] prefix(String machine) {
        StringBuilder p = new StringBuilder(machine);
        while (p.length() < width) {
            p.append(' ');
        }
        return p.append(" | ").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** One machine's stdout or stderr; used by one thread at a time (the listener contract). */
    private final class LineBuffer {
        private final PrintStream target;
        private final byte[] prefix;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        LineBuffer(String machine, PrintStream target) {
            this.target = target;
            this.prefix = prefix(machine);
        }

        synchronized void append(byte[] chunk) {
            int start = 0;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    pending.write(chunk, start, i - start);
                    emit();
                    start = i + 1;
                } else if (pending.size() + (i - start) + 1 >= MAX_LINE) {
                    pending.write(chunk, start, i - start + 1);
                    emit();
                    start = i + 1;
                }
            }
            pending.write(chunk, start, chunk.length - start);
        }

        synchronized void flushRest() {
            if (pending.size() > 0) {
                emit();
            }
        }

        private void emit() {
            synchronized (lock) {
                target.write(prefix, 0, prefix.length);
                target.write(pending.toByteArray(), 0, pending.size());
                target.write('\n');
                target.flush();
            }
            pending.reset();
        }
    }
}
