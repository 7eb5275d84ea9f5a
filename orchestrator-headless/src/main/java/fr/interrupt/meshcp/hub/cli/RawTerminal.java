package fr.interrupt.meshcp.hub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.function.BiConsumer;
import org.jline.terminal.Attributes;
import org.jline.terminal.Attributes.ControlChar;
import org.jline.terminal.Attributes.InputFlag;
import org.jline.terminal.Attributes.LocalFlag;
import org.jline.terminal.Attributes.OutputFlag;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The local terminal in raw mode for {@code exec -t}, through JLine: no echo, no line editing, no signals from keys
 * (Ctrl-C, Ctrl-Z, Ctrl-\ reach the remote command as bytes), no output processing (the remote terminal already turned
 * newlines into CR LF) — what ssh does, after cfmakeraw(3). Closing restores the attributes it found (JLine also
 * restores them if the JVM exits first).
 */
final class RawTerminal implements AutoCloseable {
    private final Terminal terminal;
    private final Attributes saved;

    private RawTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.saved = terminal.getAttributes();
        Attributes raw = new Attributes(saved);
        raw.setLocalFlags(EnumSet.of(LocalFlag.ICANON, LocalFlag.ECHO, LocalFlag.ECHOE, LocalFlag.ECHOK, LocalFlag.ECHONL,
                LocalFlag.ISIG, LocalFlag.IEXTEN), false);
        raw.setInputFlags(EnumSet.of(InputFlag.IGNBRK, InputFlag.BRKINT, InputFlag.PARMRK, InputFlag.ISTRIP, InputFlag.INLCR,
                InputFlag.IGNCR, InputFlag.ICRNL, InputFlag.IXON), false);
        raw.setOutputFlags(EnumSet.of(OutputFlag.OPOST), false);
        raw.setControlChar(ControlChar.VMIN, 1);
        raw.setControlChar(ControlChar.VTIME, 0);
        terminal.setAttributes(raw);
    }

    /** This process's terminal, now raw; IOException when stdin is not a terminal JLine can drive. */
    static RawTerminal open() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(true).dumb(false).jni(true).exec(true).build();
        return new RawTerminal(terminal);
    }

    /** What the person types, byte for byte. */
    InputStream input() {
        return terminal.input();
    }

    /** The TERM this terminal reports (empty when unknown). */
    String type() {
        String type = terminal.getType();
        return type == null ? "" : type;
    }

    int rows() {
        return terminal.getSize().getRows();
    }

    int columns() {
        return terminal.getSize().getColumns();
    }

    /** Calls listener(rows, columns) whenever the window changes (SIGWINCH). */
    void onResize(BiConsumer<Integer, Integer> listener) {
        terminal.handle(Terminal.Signal.WINCH, signal -> {
            Size size = terminal.getSize();
            listener.accept(size.getRows(), size.getColumns());
        });
    }

    @Override
    public void close() {
        try {
            terminal.setAttributes(saved);
            terminal.close();
        } catch (IOException | RuntimeException e) {
            // The terminal went away (hung up): nothing left to restore.
        }
    }
}
