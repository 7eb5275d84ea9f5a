package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.jobs.JobRef;
import fr.interrupt.meshcp.hub.service.ExecListener.OutputKind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CollectedOutputTest {

    @Test
    void keepsEachMachinesStreamsApartAndWhole() {
        CollectedOutput output = new CollectedOutput();
        output.onJob("a", new JobRef("a", "0123456789ab"));
        output.onOutput("a", OutputKind.STDOUT, "out\n".getBytes(StandardCharsets.UTF_8));
        output.onOutput("b", OutputKind.STDERR, "err\n".getBytes(StandardCharsets.UTF_8));
        assertThat(output.of("a").stdout.text()).isEqualTo("out\n");
        assertThat(output.of("a").job).isEqualTo("a:0123456789ab");
        assertThat(output.of("b").stderr.text()).isEqualTo("err\n");
        assertThat(output.of("a").complete()).isTrue();
        assertThat(output.of("a").note()).isNull();
    }

    @Test
    void keepsOnlyTheLastMebibyteAndSaysSo() {
        CollectedOutput output = new CollectedOutput();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < 40; i++) {
            output.onOutput("a", OutputKind.STDOUT, chunk);
        }
        output.onOutput("a", OutputKind.STDOUT, "the end\n".getBytes(StandardCharsets.UTF_8));
        CollectedOutput.Machine a = output.of("a");
        assertThat(a.stdout.total()).isEqualTo(40L * 64 * 1024 + 8);
        assertThat(a.stdout.text()).hasSize(CollectedOutput.KEPT_BYTES).endsWith("xthe end\n");
        assertThat(a.complete()).isFalse();
        assertThat(a.note()).startsWith("only the last 1.0 MiB of stdout is included (2.5 MiB written)");
    }

    @Test
    void aGapFromTheAgentCountsItsBytesAndIsNamed() {
        CollectedOutput output = new CollectedOutput();
        output.onOutput("a", OutputKind.STDERR, "head".getBytes(StandardCharsets.UTF_8));
        output.onGap("a", OutputKind.STDERR, 4, 1004);
        output.onOutput("a", OutputKind.STDERR, "tail".getBytes(StandardCharsets.UTF_8));
        assertThat(output.of("a").stderr.total()).isEqualTo(1008);
        assertThat(output.of("a").note()).isEqualTo("stderr bytes 4 to 1004 were not sent by the agent (its max_output_mb)");
    }

    @Test
    void aCutInsideACharacterStartsAtTheNextOne() {
        CollectedOutput output = new CollectedOutput();
        byte[] big = new byte[2 * CollectedOutput.KEPT_BYTES + 2];
        Arrays.fill(big, (byte) 'y');
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        // the kept part starts on the euro sign's second byte
        System.arraycopy(euro, 0, big, big.length - CollectedOutput.KEPT_BYTES - 1, 3);
        output.onOutput("a", OutputKind.STDOUT, big);
        assertThat(output.of("a").stdout.text()).doesNotContain("\uFFFD").startsWith("y");
    }
}
