package fr.interrupt.meshcp.hub.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.ShellConfig;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ExecSessionService against real agent services in-process: stdin streamed with back-pressure, audit flags, refusals. */
class ExecSessionServiceTest {
    @TempDir
    static Path dataDir;
    private static InProcessFleet fleet;

    @BeforeAll
    static void start() {
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web-1", Capabilities.DEFAULT);
        fleet.addAgent("locked", Capabilities.DEFAULT.withShell(new ShellConfig(true, 60, List.of("wc"), 16, 4)));
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @Test
    void stdinReachesTheCommandAndTheAuditLineSaysSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecOutcome outcome = fleet.hub().execSessions().start("web-1", new SessionOptions(ExecOptions.of("tr a-z A-Z"), true, null),
                new ByteArrayInputStream("hello\n".getBytes(StandardCharsets.UTF_8)), (m, kind, chunk) -> out.writeBytes(chunk)).await();
        assertThat(outcome.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO\n");
        assertThat(Files.readString(dataDir.resolve("audit.log"))).contains("\"command\":\"tr a-z A-Z\",\"stdin\":true");
    }

    @Test
    void anEndlessStdinIsReadOnlyAsFastAsTheCommandReadsIt() {
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) 0);
                read.addAndGet(len);
                return len;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecOutcome outcome = fleet.hub().execSessions().start("web-1", new SessionOptions(ExecOptions.of("head -c 1000000 | wc -c"), true,
                null), endless, (m, kind, chunk) -> out.writeBytes(chunk)).await();
        assertThat(outcome.exitCode()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim()).isEqualTo("1000000");
        // the pipe's buffer, one chunk being written, one requested, one waiting for the transport: well under 512 KiB
        assertThat(read.get()).isBetween(1_000_000L, 1_000_000L + 512 * 1024);
    }

    @Test
    void theAgentsPolicyStillDecides() {
        assertThatThrownBy(() -> fleet.hub().execSessions().start("locked", new SessionOptions(ExecOptions.of("cat"), true, null),
                InputStream.nullInputStream(), ExecListener.IGNORE).await())
                .isInstanceOf(MeshcpException.class)
                .hasMessage("locked: command cat is not in allowed_commands (allowed: wc)")
                .extracting(e -> ((MeshcpException) e).kind()).isEqualTo(MeshcpException.Kind.REFUSED);
        assertThatThrownBy(() -> fleet.hub().execSessions().start("locked",
                new SessionOptions(null, true, new SessionOptions.TerminalOptions("xterm", 24, 80)), InputStream.nullInputStream(),
                ExecListener.IGNORE).await())
                .hasMessage("locked: a login shell is not in allowed_commands (allowed: wc)");
    }
}
