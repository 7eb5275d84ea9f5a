package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.shared.text.ByteSizes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each machine's output held for {@code exec --json}, which prints it at the end: per stream the last
 * {@link #KEPT_BYTES} bytes (where the error that matters usually is) and the count of all bytes written, so memory
 * stays bounded whatever the command prints. Also the job each machine ran as, and ranges the agent did not send.
 */
final class CollectedOutput implements ExecListener {
    /** Bytes kept per stream and machine: 1 MiB. */
    static final int KEPT_BYTES = 1 << 20;

    private final Map<String, Machine> machines = new ConcurrentHashMap<>();

    @Override
    public void onOutput(String machine, OutputKind kind, byte[] chunk) {
        machine(machine).stream(kind).append(chunk);
    }

    @Override
    public void onJob(String machine, JobRef job) {
        machine(machine).job = job.toString();
    }

    @Override
    public void onGap(String machine, OutputKind kind, long from, long to) {
        machine(machine).stream(kind).skip(to - from);
        machine(machine).gaps.add(kind.label() + " bytes " + from + " to " + to + " were not sent by the agent (its max_output_mb)");
    }

    /** What {@code machine} wrote; empty streams for a machine that wrote nothing. */
    Machine of(String machine) {
        return machine(machine);
    }

    private Machine machine(String name) {
        return machines.computeIfAbsent(name, n -> new Machine());
    }

    /** One machine's streams; written by one thread at a time (the listener contract). */
    static final class Machine {
        final Stream stdout = new Stream("stdout");
        final Stream stderr = new Stream("stderr");
        final List<String> gaps = new ArrayList<>();
        volatile String job;

        Stream stream(OutputKind kind) {
            return kind == OutputKind.STDERR ? stderr : stdout;
        }

        boolean complete() {
            return stdout.dropped() == 0 && stderr.dropped() == 0 && gaps.isEmpty();
        }

        /** What was left out, in the CLI's words; null when nothing was. */
        String note() {
            List<String> parts = new ArrayList<>(gaps);
            stdout.droppedNote().ifPresent(parts::add);
            stderr.droppedNote().ifPresent(parts::add);
            return parts.isEmpty() ? null : String.join("; ", parts);
        }
    }

    /** The last {@link #KEPT_BYTES} of one stream and the count of every byte written to it. */
    static final class Stream {
        private final String label;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private long total;
        private long dropped;

        Stream(String label) {
            this.label = label;
        }

        synchronized void append(byte[] chunk) {
            total += chunk.length;
            kept.write(chunk, 0, chunk.length);
            if (kept.size() > 2 * KEPT_BYTES) {
                byte[] all = kept.toByteArray();
                int cut = all.length - KEPT_BYTES;
                dropped += cut;
                kept.reset();
                kept.write(all, cut, KEPT_BYTES);
            }
        }

        synchronized void skip(long bytes) {
            total += bytes;
        }

        synchronized long total() {
            return total;
        }

        /** Bytes written but no longer held (the agent's gaps not included). */
        synchronized long dropped() {
            return dropped + Math.max(0, kept.size() - KEPT_BYTES);
        }

        /** The kept bytes as UTF-8 (invalid sequences as U+FFFD), starting at a character boundary. */
        synchronized String text() {
            byte[] all = kept.toByteArray();
            int from = Math.max(0, all.length - KEPT_BYTES);
            boolean cut = from > 0 || dropped > 0;
            while (cut && from < all.length && (all[from] & 0xC0) == 0x80) {
                from++;
            }
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }

        java.util.Optional<String> droppedNote() {
            long d = dropped();
            return d == 0 ? java.util.Optional.empty() : java.util.Optional.of("only the last " + ByteSizes.format(KEPT_BYTES)
                    + " of " + label + " is included (" + ByteSizes.format(total()) + " written); redirect it to a file on the "
                    + "machine and read it with 'cat' or 'get'");
        }
    }
}
