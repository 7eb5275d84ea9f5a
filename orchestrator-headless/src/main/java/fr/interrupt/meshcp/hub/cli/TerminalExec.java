package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.ExecListener;
import fr.interrupt.meshcp.hub.service.ExecOptions;
import fr.interrupt.meshcp.hub.service.ExecOutcome;
import fr.interrupt.meshcp.hub.service.RunningSession;
import fr.interrupt.meshcp.hub.service.SessionOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * {@code exec -t}: one command (or a login shell) on a pseudo-terminal on the machine, this terminal in raw mode for the
 * whole run, its window size followed. The exit code is exec's (the remote code, 124, 130); notes come after the terminal
 * is restored, so they are not mangled by raw mode.
 */
final class TerminalExec {
    private TerminalExec() {
    }

    /** Runs options' command (null: a login shell) on machine with this process's terminal; returns exec's exit code. */
    static int run(Hub hub, String machine, ExecOptions options, CliStreams streams, PrintWriter err,
            CancelOnExit interrupts) {
        ExecOutcome outcome;
        try (RawTerminal terminal = open()) {
            SessionOptions session = new SessionOptions(options, true,
                    new SessionOptions.TerminalOptions(terminal.type(), terminal.rows(), terminal.columns()));
            PrintStream out = streams.out();
            ExecListener listener = (name, kind, chunk) -> {
                out.write(chunk, 0, chunk.length);
                out.flush();
            };
            RunningSession running = hub.execSessions().start(machine, session, terminal.input(), listener);
            terminal.onResize(running::resize);
            interrupts.onCancel(running::cancel);
            outcome = running.await();
        }
        if (outcome.cancelled()) {
            err.println("exec: " + machine + ": cancelled; the agent kills the command and its children");
        } else if (outcome.timedOut()) {
            err.println("exec: " + machine + ": " + outcome.summary());
        }
        return ExecCommand.exitCode(outcome);
    }

    private static RawTerminal open() {
        try {
            return RawTerminal.open();
        } catch (IOException | RuntimeException e) {
            throw new MeshcpException(MeshcpException.Kind.STATE, "cannot put this terminal in raw mode (" + e.getMessage()
                    + "); run without -t");
        }
    }
}
