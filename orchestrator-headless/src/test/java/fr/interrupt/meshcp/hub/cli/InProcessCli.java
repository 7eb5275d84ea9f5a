package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The orchestrator-headless command line run in-process as the launcher runs it, optionally on one data dir. */
final class InProcessCli {
    /** What a run printed and its exit code. */
    record Run(int code, String out, String err) {
    }

    private InProcessCli() {
    }

    /** Runs {@code args} as given (no --data-dir added). */
    static Run raw(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CliFactory.create(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()).execute(args.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code args} on {@code dataDir}, checking that neither stream carries a Java stack trace or exception name. */
    static Run on(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        Run result = raw(all);
        assertThat(result.err()).as("stderr of %s", String.join(" ", args)).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(result.out()).as("stdout of %s", String.join(" ", args)).doesNotContain("\tat ").doesNotContain("Exception");
        return result;
    }
}
