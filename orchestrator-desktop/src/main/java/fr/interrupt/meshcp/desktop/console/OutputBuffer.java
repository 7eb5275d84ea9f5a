package fr.interrupt.meshcp.desktop.console;

import fr.interrupt.meshcp.hub.service.ExecListener;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A command's output on its way to the screen. Chunks arrive on gRPC threads and are decoded (UTF-8,
 * split multi-byte sequences kept for the next chunk) into lines; the lines are handed to the UI
 * thread in batches (one pending flush at a time), and only the last {@code maxLines} are kept.
 */
public final class OutputBuffer {
    static final int MAX_LINE_CHARS = 4000;

    private final Executor ui;
    private final int maxLines;
    private final ObservableList<OutputLine> lines = FXCollections.observableArrayList();
    private final ObservableList<OutputLine> readOnlyLines = FXCollections.unmodifiableObservableList(lines);
    private final Object lock = new Object();
    private final Decoder stdout = new Decoder();
    private final Decoder stderr = new Decoder();
    private final StringBuilder openOut = new StringBuilder();
    private final StringBuilder openErr = new StringBuilder();
    private List<OutputLine> pending = new ArrayList<>();
    private boolean flushScheduled;
    private long dropped;
    /** Lines that arrived and were already older than the last maxLines before a flush could show them. */
    private long skippedPending;
    private OutputLine droppedNote;

    public OutputBuffer(Executor ui, int maxLines) {
        this.ui = ui;
        this.maxLines = maxLines;
    }

    /** The retained lines, for the view (UI thread only). */
    public ObservableList<OutputLine> lines() {
        return readOnlyLines;
    }

    /** Any thread. */
    public void append(ExecListener.OutputKind kind, byte[] chunk) {
        boolean schedule;
        synchronized (lock) {
            boolean err = kind == ExecListener.OutputKind.STDERR;
            CharBuffer chars = (err ? stderr : stdout).decode(chunk);
            split(chars, err ? openErr : openOut, err ? OutputLine.Kind.STDERR : OutputLine.Kind.STDOUT);
            capPending();
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            ui.execute(this::flush);
        }
    }

    /** A line of the app's own (start, end, error). Any thread. */
    public void note(String text) {
        boolean schedule;
        synchronized (lock) {
            closeOpen();
            pending.add(new OutputLine(OutputLine.Kind.NOTE, text, false));
            schedule = !flushScheduled;
            flushScheduled = true;
        }
        if (schedule) {
            ui.execute(this::flush);
        }
    }

    private void split(CharBuffer chars, StringBuilder open, OutputLine.Kind kind) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (c == '\n') {
                int end = open.length() > 0 && open.charAt(open.length() - 1) == '\r' ? open.length() - 1 : open.length();
                pending.add(new OutputLine(kind, open.substring(0, end), false));
                open.setLength(0);
            } else {
                open.append(c);
                if (open.length() >= MAX_LINE_CHARS) {
                    pending.add(new OutputLine(kind, open.toString(), false));
                    open.setLength(0);
                }
            }
        }
    }

    /** Lock held: lines waiting for the UI beyond the last maxLines can never show; only their count is kept. */
    private void capPending() {
        int excess = pending.size() - maxLines;
        if (excess > 0) {
            pending.subList(0, excess).clear();
            skippedPending += excess;
        }
    }

    private void closeOpen() {
        if (openOut.length() > 0) {
            pending.add(new OutputLine(OutputLine.Kind.STDOUT, openOut.toString(), false));
            openOut.setLength(0);
        }
        if (openErr.length() > 0) {
            pending.add(new OutputLine(OutputLine.Kind.STDERR, openErr.toString(), false));
            openErr.setLength(0);
        }
    }

    /** UI thread: moves what arrived since the last flush to the visible list, in one change. */
    private void flush() {
        List<OutputLine> batch;
        long skipped;
        synchronized (lock) {
            batch = pending;
            pending = new ArrayList<>();
            skipped = skippedPending;
            skippedPending = 0;
            if (openOut.length() > 0) {
                batch.add(new OutputLine(OutputLine.Kind.STDOUT, openOut.toString(), true));
            }
            if (openErr.length() > 0) {
                batch.add(new OutputLine(OutputLine.Kind.STDERR, openErr.toString(), true));
            }
            flushScheduled = false;
        }
        // an open line shown at the last flush is replaced by its longer (or finished) version
        while (!lines.isEmpty() && lines.get(lines.size() - 1).open()) {
            lines.remove(lines.size() - 1);
        }
        if (batch.isEmpty() && skipped == 0) {
            return;
        }
        if (skipped == 0 && lines.size() + batch.size() <= maxLines) {
            lines.addAll(batch);
            return;
        }
        // over the cap: the kept window is built aside and set in one change (removing from the front of an
        // observable list one line at a time is quadratic, and an attach replays megabytes at once)
        List<OutputLine> all = new ArrayList<>(lines.size() + batch.size());
        lines.stream().filter(l -> l != droppedNote).forEach(all::add);
        all.addAll(batch);
        int excess = Math.max(0, all.size() - (maxLines - 1));
        dropped += excess + skipped;
        droppedNote = new OutputLine(OutputLine.Kind.NOTE, "… " + dropped + " earlier lines not kept", false);
        List<OutputLine> kept = new ArrayList<>(maxLines);
        kept.add(droppedNote);
        kept.addAll(all.subList(excess, all.size()));
        lines.setAll(kept);
    }

    /** UTF-8 across chunk boundaries: the bytes of a character split between two chunks wait for the next one. */
    private static final class Decoder {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        private byte[] carry = new byte[0];

        CharBuffer decode(byte[] chunk) {
            ByteBuffer in = ByteBuffer.allocate(carry.length + chunk.length);
            in.put(carry).put(chunk).flip();
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, out, false);
            carry = new byte[in.remaining()];
            in.get(carry);
            out.flip();
            return out;
        }
    }
}
