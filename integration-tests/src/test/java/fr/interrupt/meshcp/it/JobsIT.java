package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import fr.interrupt.meshcp.testsupport.Launchers;
import fr.interrupt.meshcp.testsupport.TestFleet;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs kept by the agent, through the built programs: a command outlives the `serve` that started it, a
 * cancelled call leaves its job listed, completion follows the main process (nohup), the tail of a huge
 * output is never lost, and the CLI's exec --detach / jobs / jobs attach / jobs cancel. One real agent for the
 * whole class; each test uses its own command, so they do not disturb each other.
 */
class JobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "box:[0-9a-f]{12}";

    @TempDir
    static Path tmp;

    private static TestFleet fleet;

    @BeforeAll
    static void startFleet() {
        fleet = TestFleet.start(tmp);
        fleet.addAgent("box");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void aJobStartedByOneServeIsReadThroughAnotherAfterTheFirstWasKilled() throws Exception {
        String jobId;
        try (RawMcp first = RawMcp.start(fleet)) {
            JsonNode started = first.call("exec", Map.of("machine", "box", "command", "echo begun; sleep 2; echo finished-after-kill; exit 7",
                    "wait_seconds", 0));
            jobId = started.path("structuredContent").path("job_id").asText();
            assertThat(jobId).matches(JOB);
            assertThat(started.path("structuredContent").path("state").asText()).isEqualTo("running");
            first.kill();
        }
        try (RawMcp second = RawMcp.start(fleet)) {
            JsonNode waited = second.call("job_wait", Map.of("job_id", jobId, "wait_seconds", 60)).path("structuredContent");
            assertThat(waited.path("state").asText()).isEqualTo("exited");
            assertThat(waited.path("exit_code").asInt()).isEqualTo(7);
            assertThat(waited.path("stdout").asText()).isEqualTo("begun\nfinished-after-kill\n");
            JsonNode listed = second.call("list_jobs", Map.of()).path("structuredContent").path("jobs");
            assertThat(listed).anySatisfy(j -> {
                assertThat(j.path("job_id").asText()).isEqualTo(jobId);
                assertThat(j.path("caller").asText()).startsWith("mcp:");
            });
        }
    }

    @Test
    void aCallTheClientCancelsKillsItsCommandAndLeavesItListedAsCancelledWithItsOutput() throws Exception {
        try (RawMcp mcp = RawMcp.start(fleet)) {
            int id = mcp.send("exec", Map.of("machine", "box", "command", "echo before-cancel; sleep 3181", "wait_seconds", 120));
            await().atMost(Duration.ofSeconds(30)).until(() -> !processes("sleep 3181").isEmpty());
            mcp.cancel(id);
            JsonNode result = mcp.response(id).path("result").path("structuredContent");
            assertThat(result.path("state").asText()).isEqualTo("cancelled");
            String jobId = result.path("job_id").asText();
            await().atMost(Duration.ofSeconds(15)).until(() -> processes("sleep 3181").isEmpty());

            JsonNode listed = mcp.call("list_jobs", Map.of()).path("structuredContent").path("jobs");
            assertThat(listed).anySatisfy(j -> {
                assertThat(j.path("job_id").asText()).isEqualTo(jobId);
                assertThat(j.path("state").asText()).isEqualTo("cancelled");
            });
            JsonNode output = mcp.call("job_output", Map.of("job_id", jobId)).path("structuredContent");
            assertThat(output.path("text").asText()).isEqualTo("before-cancel\n");
        }
    }

    @Test
    void aCommandIsDoneWhenItsMainProcessExitsAndItsNohupChildLivesOn() throws Exception {
        try (RawMcp mcp = RawMcp.start(fleet)) {
            JsonNode pidResult = mcp.call("exec", Map.of("machine", "box", "command", "nohup sleep 3191 & echo $!",
                    "timeout_seconds", 5, "wait_seconds", 30)).path("structuredContent");
            long pid = Long.parseLong(pidResult.path("stdout").asText().strip());
            try {
                assertThat(pidResult.path("state").asText()).isEqualTo("exited");
                assertThat(pidResult.path("exit_code").asInt()).isZero();
                // the job's own run time on the agent: done when the shell exited, not when the 5 s timeout fired
                assertThat(pidResult.path("duration_ms").asLong()).isLessThan(2_500);
                assertThat(ProcessHandle.of(pid)).as("the nohup'd process is left running").hasValueSatisfying(
                        p -> assertThat(p.isAlive()).isTrue());
            } finally {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }

            JsonNode started = mcp.call("exec", Map.of("machine", "box", "command", "nohup sleep 3192 & echo started",
                    "wait_seconds", 30)).path("structuredContent");
            assertThat(started.path("state").asText()).isEqualTo("exited");
            assertThat(started.path("stdout").asText()).isEqualTo("started\n");
            assertThat(processes("sleep 3192")).isNotEmpty();
            processes("sleep 3192").forEach(p -> ProcessHandle.of(Long.parseLong(p)).ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    @Test
    void theLastLinesOfAHugeOutputAreNeverLost() throws Exception {
        String command = "seq 1 3000000; echo BUILD-FAILED-MARKER; exit 2";
        try (RawMcp mcp = RawMcp.start(fleet)) {
            JsonNode result = mcp.call("exec", Map.of("machine", "box", "command", command, "wait_seconds", 120))
                    .path("structuredContent");
            assertThat(result.path("state").asText()).isEqualTo("exited");
            assertThat(result.path("exit_code").asInt()).isEqualTo(2);
            assertThat(result.path("stdout").asText()).startsWith("1\n2\n").endsWith("3000000\nBUILD-FAILED-MARKER\n");
            long total = result.path("stdout_bytes").asLong();
            JsonNode end = mcp.call("job_output", Map.of("job_id", result.path("job_id").asText(), "offset", total - 20))
                    .path("structuredContent");
            assertThat(end.path("text").asText()).endsWith("BUILD-FAILED-MARKER\n");
            assertThat(end.path("eof").asBoolean()).isTrue();
        }

        Launchers.Result cli = fleet.hub("exec", "box", "--", command);
        assertThat(cli.exitCode()).isEqualTo(2);
        assertThat(cli.stdout()).startsWith("1\n2\n3\n").endsWith("3000000\nBUILD-FAILED-MARKER\n");
        assertThat(cli.stderr()).contains("not shown");
    }

    @Test
    void theCliDetachesListsAttachesAndCancelsJobs() {
        Launchers.Result detached = fleet.hub("exec", "--detach", "box", "--", "sh", "-c", "echo one; sleep 1; echo two; exit 4");
        detached.assertOk();
        String finishing = detached.stdout().strip();
        assertThat(finishing).matches(JOB);

        Launchers.Result attached = fleet.hub("jobs", "attach", finishing);
        assertThat(attached.exitCode()).as(attached.stderr()).isEqualTo(4);
        assertThat(attached.stdout()).isEqualTo("one\ntwo\n");

        String sleeper = fleet.hub("exec", "-d", "box", "--", "sleep 3201").assertOk().stdout().strip();
        Launchers.Result listed = fleet.hub("jobs").assertOk();
        assertThat(listed.stdout()).contains("JOB").contains(sleeper).contains("running").contains("cli:").contains("sleep 3201")
                .contains(finishing).contains("exited");
        assertThat(processes("sleep 3201")).isNotEmpty();

        Launchers.Result byIdAlone = fleet.hub("jobs", "cancel", sleeper.substring(sleeper.indexOf(':') + 1)).assertOk();
        assertThat(byIdAlone.stdout()).contains(sleeper).contains("cancelled");
        await().atMost(Duration.ofSeconds(15)).until(() -> processes("sleep 3201").isEmpty());
        assertThat(fleet.hub("jobs", "cancel", sleeper).assertOk().stdout()).contains("had already ended");

        Launchers.Result unknown = fleet.hub("jobs", "attach", "box:000000000000");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.stderr()).contains("unknown job box:000000000000").contains("no longer keeps it").doesNotContain("Exception");
        Launchers.Result malformed = fleet.hub("jobs", "cancel", "box:../../etc");
        assertThat(malformed.exitCode()).isNotZero();
        assertThat(malformed.stderr()).contains("invalid job id");
    }

    @Test
    void aTimeoutNeverReportsExitCodeZero() {
        Launchers.Result timedOut = fleet.hub("exec", "--timeout", "1", "box", "--", "sleep 3211");
        assertThat(timedOut.exitCode()).isEqualTo(124);
        assertThat(timedOut.stderr()).contains("timeout");
    }

    private static List<String> processes(String pattern) {
        try {
            Process pgrep = new ProcessBuilder("pgrep", "-f", pattern).start();
            String out = new String(pgrep.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            pgrep.waitFor(10, TimeUnit.SECONDS);
            return out.lines().filter(p -> !p.equals(String.valueOf(ProcessHandle.current().pid()))).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** A `serve` process spoken to over its raw stdin/stdout, as Claude Code does, so a test can SIGKILL it. */
    private static final class RawMcp implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final Map<Integer, JsonNode> responses = new ConcurrentHashMap<>();
        private int nextId = 100;

        private RawMcp(Process process) {
            this.process = process;
            this.in = process.getOutputStream();
            Thread reader = new Thread(this::read, "raw-mcp-stdout");
            reader.setDaemon(true);
            reader.start();
            Thread stderr = new Thread(() -> {
                try {
                    process.getErrorStream().transferTo(OutputStream.nullOutputStream());
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "raw-mcp-stderr");
            stderr.setDaemon(true);
            stderr.start();
        }

        static RawMcp start(TestFleet fleet) throws IOException {
            Process process = new ProcessBuilder(Launchers.hubLauncher().toString(), "--data-dir", fleet.dataDir().toString(),
                    "serve", "--listen", "127.0.0.1:0").start();
            RawMcp mcp = new RawMcp(process);
            mcp.write(Map.of("jsonrpc", "2.0", "id", 1, "method", "initialize", "params", Map.of("protocolVersion", "2025-06-18",
                    "capabilities", Map.of(), "clientInfo", Map.of("name", "raw", "version", "1"))));
            mcp.response(1);
            mcp.write(Map.of("jsonrpc", "2.0", "method", "notifications/initialized"));
            return mcp;
        }

        /** Calls a tool and returns its result, which must not be an error. */
        JsonNode call(String tool, Map<String, Object> arguments) throws IOException {
            JsonNode result = response(send(tool, arguments)).path("result");
            assertThat(result.path("isError").asBoolean()).as(tool + " " + arguments + ": " + result).isFalse();
            return result;
        }

        synchronized int send(String tool, Map<String, Object> arguments) throws IOException {
            int id = nextId++;
            write(Map.of("jsonrpc", "2.0", "id", id, "method", "tools/call", "params", Map.of("name", tool, "arguments", arguments)));
            return id;
        }

        void cancel(int id) throws IOException {
            write(Map.of("jsonrpc", "2.0", "method", "notifications/cancelled", "params", Map.of("requestId", id,
                    "reason", "user interrupt")));
        }

        JsonNode response(int id) {
            return await().atMost(Duration.ofSeconds(150)).until(() -> responses.get(id), r -> r != null);
        }

        /** SIGKILL, as when Claude Code's process tree is killed. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }

        private void write(Map<String, Object> message) throws IOException {
            in.write((JSON.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        private void read() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode message = JSON.readTree(line);
                    if (message.has("id")) {
                        responses.put(message.path("id").asInt(), message);
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                in.close();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
