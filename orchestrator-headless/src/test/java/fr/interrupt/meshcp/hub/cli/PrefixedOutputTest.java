package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.service.ExecListener.OutputKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrefixedOutputTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrefixedOutput output = new PrefixedOutput(new PrintStream(out, true), new PrintStream(err, true), List.of("a", "web"));

    @Test
    void eachLineIsPrefixedWithTheMachinePaddedToTheLongestName() {
        output.onOutput("a", OutputKind.STDOUT, bytes("one\ntwo\n"));
        output.onOutput("web", OutputKind.STDOUT, bytes("three\n"));
        assertThat(text(out)).isEqualTo("a   | one\na   | two\nweb | three\n");
    }

    @Test
    void aLineSplitAcrossChunksIsWrittenOnceComplete() {
        output.onOutput("a", OutputKind.STDOUT, bytes("hel"));
        output.onOutput("web", OutputKind.STDOUT, bytes("other\n"));
        output.onOutput("a", OutputKind.STDOUT, bytes("lo\n"));
        assertThat(text(out)).isEqualTo("web | other\na   | hello\n");
    }

    @Test
    void stderrLinesGoToStderr() {
        output.onOutput("a", OutputKind.STDERR, bytes("oops\n"));
        assertThat(text(err)).isEqualTo("a   | oops\n");
        assertThat(text(out)).isEmpty();
    }

    @Test
    void finishWritesUnterminatedLinesWithANewline() {
        output.onOutput("a", OutputKind.STDOUT, bytes("no newline"));
        assertThat(text(out)).isEmpty();
        output.finish();
        assertThat(text(out)).isEqualTo("a   | no newline\n");
    }

    @Test
    void aLineLongerThanTheCapIsCutRatherThanBuffered() {
        output.onOutput("a", OutputKind.STDOUT, new byte[PrefixedOutput.MAX_LINE + 10]);
        String[] lines = text(out).split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).hasSize("a   | ".length() + PrefixedOutput.MAX_LINE);
    }

    @Test
    void bytesThatAreNotUtf8PassThroughUnchanged() {
        output.onOutput("a", OutputKind.STDOUT, new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
        byte[] written = out.toByteArray();
        assertThat(written).endsWith((byte) 0xff, (byte) 0xfe, (byte) '\n');
    }

    @Test
    void linesFromMachinesWritingAtOnceNeverInterleave() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        for (String machine : List.of("a", "web")) {
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < 2000; i++) {
                    output.onOutput(machine, OutputKind.STDOUT, bytes(machine + "-" + i + "-"));
                    output.onOutput(machine, OutputKind.STDOUT, bytes("end\n"));
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        List<String> lines = text(out).lines().toList();
        assertThat(lines).hasSize(4000);
        assertThat(lines).allMatch(l -> l.matches("a   \\| a-\\d+-end|web \\| web-\\d+-end"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
