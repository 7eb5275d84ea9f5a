package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * exec -t through the built CLI, itself run on a pseudo-terminal (pty4j) as a person's terminal would run it: the
 * command gets a real terminal on the agent with the local window size, follows a resize, keeps its exit code; typed
 * Ctrl-C reaches the remote command; allowed_commands refuses a login shell and admits an allowed command.
 */
class ExecTerminalIT {
    @TempDir
    static Path tmp;
    private static TestFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp.resolve("fleet"));
        fleet.addAgent("web");
        fleet.addAgent("locked", """
                capabilities:
                  shell:
                    enabled: true
                    allowed_commands: [tty]
                  files:
                    enabled: true
                  system:
                    enabled: true
                """);
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void theCommandHasATerminalOfTheLocalSizeThatFollowsAResize() throws Exception {
        Cli cli = Cli.start(30, 90, "exec", "-t", "web", "--",
                "tty; stty size; while read x; do [ \"$x\" = q ] && exit 7; stty size; done");
        cli.awaitOutput("/dev/pts/");
        cli.awaitOutput("30 90");
        cli.process.setWinSize(new WinSize(100, 40));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() -> {
            cli.type("\r");
            return cli.output().contains("40 100");
        });
        cli.type("q\r");
        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(7);
        assertThat(Files.readString(fleet.dataDir().resolve("audit.log"))).containsPattern("\"pty\":true.*\"exit_code\":7");
    }

    @Test
    void ctrlCIsAByteForTheRemoteCommand() throws Exception {
        Cli cli = Cli.start(24, 80, "exec", "-t", "web", "--", "trap 'echo got-interrupt; exit 3' INT; echo ready; while :; do sleep 1; done");
        cli.awaitOutput("ready");
        cli.type("\u0003");
        cli.awaitOutput("got-interrupt");
        assertThat(cli.exitCode()).as(cli.output()).isEqualTo(3);
    }

    @Test
    void allowedCommandsRefuseALoginShellAndAdmitAnAllowedCommand() throws Exception {
        Cli shell = Cli.start(24, 80, "exec", "-t", "locked");
        assertThat(shell.exitCode()).isEqualTo(1);
        assertThat(shell.output()).contains("a login shell is not in allowed_commands (allowed: tty)");

        Cli allowed = Cli.start(24, 80, "exec", "-t", "locked", "--", "tty");
        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).contains("/dev/pts/");
    }

    @Test
    void withoutALocalTerminalItSaysSoAndRunsWithoutOne() {
        Launchers.Result r = fleet.hub("exec", "-t", "web", "--", "tty");
        assertThat(r.stderr()).contains("pseudo-terminal will not be allocated because stdin is not a terminal");
        assertThat(r.stdout()).contains("not a tty");
    }

    /** The built CLI on a pseudo-terminal of the given size; its output (stdout and stderr together) collected. */
    private static final class Cli {
        final PtyProcess process;
        private final ByteArrayOutputStream collected = new ByteArrayOutputStream();

        private Cli(PtyProcess process) {
            this.process = process;
            Thread reader = new Thread(this::read, "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static Cli start(int rows, int columns, String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Launchers.hubLauncher().toString(), "--data-dir", fleet.dataDir().toString()));
            command.addAll(List.of(args));
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("TERM", "xterm");
            env.put("MESHCP_JAVA_OPTS", TestFleet.QUICK_JVM);
            return new Cli(new PtyProcessBuilder(command.toArray(new String[0])).setEnvironment(env)
                    .setInitialRows(rows).setInitialColumns(columns).setRedirectErrorStream(true).start());
        }

        private void read() {
            byte[] buffer = new byte[8192];
            try (InputStream in = process.getInputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    synchronized (collected) {
                        collected.write(buffer, 0, n);
                    }
                }
            } catch (IOException e) {
                // The terminal closed: the CLI ended.
            }
        }

        String output() {
            synchronized (collected) {
                return collected.toString(StandardCharsets.UTF_8);
            }
        }

        void awaitOutput(String text) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(output()).as("the CLI's terminal").contains(text));
        }

        void type(String text) throws IOException {
            process.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        }

        int exitCode() throws InterruptedException {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the CLI did not end; output so far:\n" + output());
            }
            return process.exitValue();
        }
    }
}
