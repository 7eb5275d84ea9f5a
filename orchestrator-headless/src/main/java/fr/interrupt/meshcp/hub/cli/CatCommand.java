package fr.interrupt.meshcp.hub.cli;

import fr.interrupt.meshcp.hub.Hub;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cat", mixinStandardHelpOptions = true,
        description = {"Print a file from a machine to stdout.",
            "",
            "Byte for byte (binary-safe), written as it streams in, never held in memory."})
final class CatCommand implements Callable<Integer> {
    @ParentCommand
    OrchestratorCommand root;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The machine.")
    String machine;

    @Parameters(index = "1", paramLabel = "PATH", description = "An absolute path on the machine.")
    String path;

    @Override
    public Integer call() {
        PrintStream out = root.streams().out();
        try (Hub hub = root.openHub("cli")) {
            hub.files().read(machine, path, 0, 0, new CheckedOutput(out), bytes -> { });
            out.flush();
            return 0;
        }
    }

    /** A PrintStream swallows write errors; this stops the transfer when stdout is gone (a closed pipe). */
    static final class CheckedOutput extends OutputStream {
        private final PrintStream target;

        CheckedOutput(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            target.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            target.flush();
            check();
        }

        private void check() throws IOException {
            if (target.checkError()) {
                throw new IOException("standard output is closed");
            }
        }
    }
}
