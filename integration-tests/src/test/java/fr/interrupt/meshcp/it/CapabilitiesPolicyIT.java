package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agents' limits, seen through the hub's command line: "locked" allows only `ls` (no shell),
 * "jail" allows files only under one directory and up to 1 MiB. Every refusal must be one clear
 * sentence, and nothing outside the limits may be run, read or written.
 */
class CapabilitiesPolicyIT {
    @TempDir
    static Path tmp;
    private static TestFleet fleet;
    private static Path markers;
    private static Path jail;
    private static Path jail2;
    private static Path jailEvil;

    @BeforeAll
    static void startFleet() throws IOException {
        markers = Files.createDirectories(tmp.resolve("markers"));
        jail = Files.createDirectories(tmp.resolve("jail"));
        jail2 = Files.createDirectories(tmp.resolve("jail2"));
        jailEvil = Files.createDirectories(tmp.resolve("jail-evil"));
        Files.writeString(jail.resolve("inside.txt"), "inside\n");
        Files.writeString(jail2.resolve("x"), "secret in jail2\n");
        Files.writeString(jailEvil.resolve("x"), "secret in jail-evil\n");
        Files.createSymbolicLink(jail.resolve("out"), jail2.resolve("x"));
        Files.createSymbolicLink(jail.resolve("outdir"), jail2);

        fleet = TestFleet.start(tmp.resolve("fleet"));
        fleet.addAgent("locked", """
                capabilities:
                  shell:
                    enabled: true
                    allowed_commands: [ls]
                  files:
                    enabled: true
                  system:
                    enabled: true
                """);
        fleet.addAgent("jail", """
                capabilities:
                  shell:
                    enabled: true
                  files:
                    enabled: true
                    max_file_size_mb: 1
                    allowed_paths: [%s]
                  system:
                    enabled: true
                """.formatted(jail));
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void anAllowedCommandRunsWithoutAShell() {
        Launchers.Result r = fleet.hub("exec", "locked", "--", "ls", "-a", jail.toString()).assertOk();
        assertThat(r.stdout().lines()).contains("inside.txt", "out");
    }

    @Test
    void shellSyntaxPathsAndOtherCommandsAreRefusedAndNeverRun() throws IOException {
        Path fakeBin = Files.createDirectories(tmp.resolve("fakebin"));
        Path fakeLs = fakeBin.resolve("ls");
        Files.writeString(fakeLs, "#!/bin/sh\ntouch " + marker("fake-ls") + "\n");
        Files.setPosixFilePermissions(fakeLs, PosixFilePermissions.fromString("rwxr-xr-x"));

        List<List<String>> attempts = List.of(
                List.of("ls; touch " + marker("semicolon")),
                List.of("ls && touch " + marker("and")),
                List.of("ls | sh"),
                List.of("ls | touch " + marker("pipe")),
                List.of("ls `touch " + marker("backticks") + "`"),
                List.of("ls $(touch " + marker("dollar-paren") + ")"),
                List.of("ls\ntouch " + marker("newline")),
                List.of("ls > " + marker("redirect")),
                List.of(fakeLs.toString()),
                List.of("--cwd", fakeBin.toString(), "--", "./ls"),
                List.of("/bin/../usr/bin/id"),
                List.of("/bin/../usr/bin/touch " + marker("dotdot")),
                List.of("id"),
                List.of("touch " + marker("not-allowed")),
                List.of("ls", ";", "touch", marker("quoted-semicolon")));
        List<String[]> commands = new ArrayList<>();
        for (List<String> attempt : attempts) {
            List<String> args = new ArrayList<>(List.of("exec", "locked"));
            if (!attempt.contains("--")) {
                args.add("--");
            }
            args.addAll(attempt);
            commands.add(args.toArray(String[]::new));
        }
        List<Launchers.Result> results = hubAll(commands);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < attempts.size(); i++) {
            Launchers.Result r = results.get(i);
            String what = String.join(" ", attempts.get(i)).replace("\n", "\\n");
            if (r.exitCode() != 1) {
                problems.add(what + ": exit " + r.exitCode());
            }
            if (!r.stderr().startsWith("error: locked: ") || r.stderr().lines().count() != 1 || r.stderr().contains("Exception")) {
                problems.add(what + ": stderr " + r.stderr());
            }
            if (!r.stdout().isEmpty()) {
                problems.add(what + ": stdout " + r.stdout());
            }
        }
        assertThat(problems).isEmpty();
        try (Stream<Path> made = Files.list(markers)) {
            assertThat(made).isEmpty();
        }
        assertThat(results.get(0).stderr()).contains("shell syntax is not allowed");
        assertThat(results.get(attempts.indexOf(List.of("id"))).stderr()).contains("not in allowed_commands");
        assertThat(results.get(attempts.indexOf(List.of(fakeLs.toString()))).stderr()).contains("bare name");
    }

    @Test
    void readsInsideTheAllowedDirectoryWork() {
        assertThat(fleet.hub("cat", "jail", jail.resolve("inside.txt").toString()).assertOk().stdout()).isEqualTo("inside\n");
        assertThat(fleet.hub("ls", "jail", jail.toString()).assertOk().stdout()).contains("inside.txt");
    }

    @Test
    void readsOutsideTheAllowedDirectoryAreRefused() throws IOException {
        List<String> paths = List.of(
                jail + "/../jail2/x",
                jail + "/../etc/passwd",
                jail + "/../../../../../../../../../etc/passwd",
                jail2.resolve("x").toString(),
                jailEvil.resolve("x").toString(),
                jail.resolve("out").toString(),
                jail.resolve("outdir/x").toString(),
                "jail/inside.txt");
        Path downloads = Files.createDirectories(tmp.resolve("downloads"));
        List<String[]> commands = new ArrayList<>();
        for (String path : paths) {
            commands.add(new String[] {"cat", "jail", path});
        }
        commands.add(new String[] {"get", "jail", jail.resolve("out").toString(), downloads.resolve("out").toString()});
        commands.add(new String[] {"ls", "jail", jail2.toString()});
        List<Launchers.Result> results = hubAll(commands);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Launchers.Result r = results.get(i);
            // a policy refusal exits 4, a relative path (a usage error) 2: the CLI's documented exit codes
            int expected = commands.get(i)[commands.get(i).length - 1 - (commands.get(i)[0].equals("get") ? 1 : 0)].startsWith("/") ? 4 : 2;
            if (r.exitCode() != expected || !r.stdout().isEmpty() || !refusal(r, "jail")) {
                problems.add(String.join(" ", commands.get(i)) + ": exit " + r.exitCode() + ", stdout " + r.stdout() + ", stderr " + r.stderr());
            }
        }
        assertThat(problems).isEmpty();
        try (Stream<Path> left = Files.list(downloads)) {
            assertThat(left).isEmpty();
        }
        assertThat(results.get(2).stderr()).contains("outside allowed_paths");
        assertThat(results.get(paths.indexOf("jail/inside.txt")).stderr()).contains("absolute");
    }

    @Test
    void writesOutsideTheAllowedDirectoryAreRefused() throws IOException {
        Path local = tmp.resolve("payload.txt");
        Files.writeString(local, "overwritten\n");
        List<String> targets = List.of(
                jail.resolve("out").toString(),
                jail.resolve("outdir/new").toString(),
                jail + "/../jail2/new",
                jail2.resolve("new").toString(),
                jailEvil.resolve("new").toString(),
                "jail/new");
        List<String[]> commands = targets.stream().map(t -> new String[] {"put", "jail", local.toString(), t}).toList();
        List<Launchers.Result> results = hubAll(commands);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            int expected = targets.get(i).startsWith("/") ? 4 : 2;
            if (results.get(i).exitCode() != expected || !refusal(results.get(i), "jail")) {
                problems.add("put " + targets.get(i) + ": " + results.get(i));
            }
        }
        assertThat(problems).isEmpty();
        assertThat(Files.readString(jail2.resolve("x"))).isEqualTo("secret in jail2\n");
        assertThat(jail2.resolve("new")).doesNotExist();
        assertThat(jailEvil.resolve("new")).doesNotExist();
        assertThat(Path.of("jail/new")).doesNotExist();
    }

    @Test
    void aFileOneByteOverTheSizeCapIsRefusedAndLeavesNothing() throws IOException {
        Path atCap = tmp.resolve("at-cap.bin");
        CapabilitiesCliIT.writeRandom(atCap, 1024 * 1024);
        Path overCap = tmp.resolve("over-cap.bin");
        CapabilitiesCliIT.writeRandom(overCap, 1024 * 1024 + 1);
        Path sizes = Files.createDirectories(jail.resolve("sizes"));

        fleet.hub("put", "jail", atCap.toString(), sizes.resolve("at-cap.bin").toString()).assertOk();
        assertThat(CapabilitiesCliIT.sha256(sizes.resolve("at-cap.bin"))).isEqualTo(CapabilitiesCliIT.sha256(atCap));

        Launchers.Result over = fleet.hub("put", "jail", overCap.toString(), sizes.resolve("over-cap.bin").toString());
        assertThat(over.exitCode()).as("refused by a policy").isEqualTo(4);
        assertThat(refusal(over, "jail")).as(over.stderr()).isTrue();
        assertThat(over.stderr()).contains("max_file_size_mb");
        try (Stream<Path> left = Files.list(sizes)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("at-cap.bin");
        }

        ObjectMapper json = new ObjectMapper();
        assertThat(Files.readAllLines(fleet.dataDir().resolve("audit.log")).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(l -> l.path("action").asText().equals("write_file")
                && l.path("path").asText().endsWith("over-cap.bin"))).singleElement()
                .satisfies(l -> assertThat(l.path("error").asText()).contains("max_file_size_mb"));
    }

    /** Runs independent hub commands a few at a time (several CLI processes on one data dir, as in real use). */
    private static List<Launchers.Result> hubAll(List<String[]> commands) {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Launchers.Result>> pending = commands.stream().map(c -> pool.submit(() -> fleet.hub(c))).toList();
            List<Launchers.Result> results = new ArrayList<>();
            for (Future<Launchers.Result> f : pending) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean refusal(Launchers.Result r, String machine) {
        return r.stderr().startsWith("error: " + machine + ": ") && r.stderr().lines().count() == 1
                && !r.stderr().contains("Exception");
    }

    private static String marker(String name) {
        return markers.resolve(name).toString();
    }
}
