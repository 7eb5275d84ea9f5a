package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.Hub;
import fr.interrupt.meshcp.hub.HubPaths;
import fr.interrupt.meshcp.hub.registry.Machine;
import fr.interrupt.meshcp.hub.registry.MachineRegistry;
import fr.interrupt.meshcp.testsupport.Ports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capability commands run in-process against machines that are enrolled but not running. No command
 * here changes the data dir, so the class shares one.
 */
class CapabilityCommandsCliTest {
    @TempDir
    static Path dataDir;
    @TempDir
    Path local;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeAll
    static void enrollTwoMachinesThatAreDown() {
        try (Hub hub = Hub.open(dataDir, "test")) {
            for (String name : List.of("web", "db")) {
                MachineRegistry.at(new HubPaths(hub.dataDir())).add(new Machine(name, "127.0.0.1", Ports.freePort(), "0" + name.length(), "sha", name, "linux", "amd64",
                        "0.1.0", Instant.now(), null));
            }
        }
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--data-dir", dataDir.toString()));
        all.addAll(List.of(args));
        int code = CliFactory.create(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of()).execute(all.toArray(String[]::new));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void execWithoutTheDelimiterIsAUsageError() {
        Run r = run("exec", "web", "uptime");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("error: missing -- before the command").contains("exec --help");
    }

    @Test
    void execWithoutTheDelimiterBeforeACommandWithOptionsSaysTheDelimiterIsMissing() {
        Run r = run("exec", "web", "uname", "-a");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: missing -- before the command: exec NAME -- CMD [ARGS...]").contains("'-a'");
    }

    @Test
    void execWithoutAMachineIsAUsageError() {
        Run r = run("exec", "--", "uptime");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("which machine?");
    }

    @Test
    void execWithNamesAndAllIsAUsageError() {
        assertThat(run("exec", "web", "--all", "--", "uptime").exitCode()).isEqualTo(2);
    }

    @Test
    void execWithoutACommandIsAUsageError() {
        Run r = run("exec", "web", "--");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("missing the command after --");
    }

    @Test
    void unknownMachineListsTheEnrolledOnes() {
        for (String[] args : List.of(new String[] {"exec", "nope", "--", "true"}, new String[] {"exec", "web,nope", "--", "true"},
                new String[] {"ls", "nope", "/"}, new String[] {"cat", "nope", "/etc/hostname"}, new String[] {"status", "nope"},
                new String[] {"get", "nope", "/etc/hostname", dataDir.toString()})) {
            Run r = run(args);
            // exec exits 1 for any failure of its own (its other codes are the remote command's); the others say 3
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(args[0].equals("exec") ? 1 : 3);
            assertThat(r.err()).as(String.join(" ", args)).isEqualTo("error: unknown machine \"nope\" (enrolled: db, web)\n");
        }
    }

    @Test
    void anUnreachableMachineIsOneSentenceWithinSeconds() {
        for (String[] args : List.of(new String[] {"exec", "web", "--", "true"}, new String[] {"ls", "web", "/"},
                new String[] {"cat", "web", "/etc/hostname"}, new String[] {"status", "web"})) {
            long start = System.nanoTime();
            Run r = run(args);
            assertThat((System.nanoTime() - start) / 1_000_000_000.0).as(String.join(" ", args)).isLessThan(10);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(args[0].equals("exec") ? 1 : 5);
            assertThat(r.err()).as(String.join(" ", args)).startsWith("error: machine \"web\" (127.0.0.1:")
                    .contains("is unreachable").doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void fanOutReportsEachUnreachableMachineInTheSummaryAndFails() {
        Run r = run("exec", "--all", "--", "uptime");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("MACHINE  EXIT  DURATION  NOTE").containsPattern("db +- +- +machine \"db\" .* is unreachable")
                .containsPattern("web +- +- +machine \"web\" .* is unreachable").contains("0 of 2 machines succeeded");
    }

    @Test
    void putOfAMissingLocalFileFailsBeforeDialing() {
        Run r = run("put", "web", local.resolve("missing").toString(), "/tmp/x");
        assertThat(r.exitCode()).as("not found").isEqualTo(3);
        assertThat(r.err()).isEqualTo("error: no such local file: " + local.resolve("missing") + "\n");
    }

    @Test
    void putOfADirectoryIsRefused() {
        Run r = run("put", "web", local.toString(), "/tmp/x");
        assertThat(r.exitCode()).as("usage").isEqualTo(2);
        assertThat(r.err()).contains("is a directory: put copies one file");
    }

    @Test
    void aFailedGetLeavesNoFileBehind() throws IOException {
        Path target = local.resolve("downloads");
        Files.createDirectory(target);
        Run r = run("get", "web", "/etc/hostname", target.toString());
        assertThat(r.exitCode()).as("unreachable").isEqualTo(5);
        try (var left = Files.list(target)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("exec", "ls", "cat", "get", "put", "status")) {
            Run r = run(command, "--help");
            assertThat(r.exitCode()).as(command).isZero();
            assertThat(r.out()).as(command).startsWith("Usage: ");
        }
    }

    @Test
    void execWithATimeoutSaysWhenTheAgentsLimitCannotBeRead() {
        Run r = run("exec", "--timeout", "999", "web", "--", "true");

        assertThat(r.err()).contains("exec: warning: web: could not read its agent's time limit in 2 s; the agent may cut "
                + "the command before --timeout 999");
    }
}
