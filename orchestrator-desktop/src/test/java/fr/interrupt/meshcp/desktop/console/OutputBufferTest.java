package fr.interrupt.meshcp.desktop.console;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.service.ExecListener.OutputKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputBufferTest {
    private final List<Runnable> uiQueue = new ArrayList<>();

    private void drain() {
        List<Runnable> now = new ArrayList<>(uiQueue);
        uiQueue.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void chunksBecomeLinesWithTheirStream() {
        OutputBuffer buffer = new OutputBuffer(Runnable::run, 100);
        buffer.append(OutputKind.STDOUT, "one\ntw".getBytes(StandardCharsets.UTF_8));
        buffer.append(OutputKind.STDOUT, "o\r\n".getBytes(StandardCharsets.UTF_8));
        buffer.append(OutputKind.STDERR, "bad\n".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.lines()).containsExactly(new OutputLine(OutputLine.Kind.STDOUT, "one", false),
                new OutputLine(OutputLine.Kind.STDOUT, "two", false), new OutputLine(OutputLine.Kind.STDERR, "bad", false));
    }

    @Test
    void aCharacterSplitBetweenTwoChunksIsDecodedWhole() {
        OutputBuffer buffer = new OutputBuffer(Runnable::run, 100);
        byte[] text = "café ✓\n".getBytes(StandardCharsets.UTF_8);
        int cut = text.length - 3; // inside the 3-byte check mark
        buffer.append(OutputKind.STDOUT, java.util.Arrays.copyOfRange(text, 0, cut));
        buffer.append(OutputKind.STDOUT, java.util.Arrays.copyOfRange(text, cut, text.length));
        assertThat(buffer.lines()).extracting(OutputLine::text).containsExactly("café ✓");
    }

    @Test
    void chunksArrivingWhileTheUiIsBusyAreFlushedInOneBatch() {
        OutputBuffer buffer = new OutputBuffer(uiQueue::add, 100);
        for (int i = 0; i < 50; i++) {
            buffer.append(OutputKind.STDOUT, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(uiQueue).hasSize(1);
        drain();
        assertThat(buffer.lines()).hasSize(50);
    }

    @Test
    void onlyTheLastLinesAreKeptWithANoteOfHowManyWereDropped() {
        OutputBuffer buffer = new OutputBuffer(Runnable::run, 10);
        for (int i = 0; i < 25; i++) {
            buffer.append(OutputKind.STDOUT, ("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(buffer.lines()).hasSize(10);
        assertThat(buffer.lines().get(0)).isEqualTo(new OutputLine(OutputLine.Kind.NOTE, "… 16 earlier lines not kept", false));
        assertThat(buffer.lines().get(9).text()).isEqualTo("line 24");
    }

    @Test
    void aLineWithoutNewlineShowsAndIsReplacedWhenItGrows() {
        OutputBuffer buffer = new OutputBuffer(Runnable::run, 100);
        buffer.append(OutputKind.STDOUT, "Password: ".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.lines()).containsExactly(new OutputLine(OutputLine.Kind.STDOUT, "Password: ", true));
        buffer.append(OutputKind.STDOUT, "ok\n".getBytes(StandardCharsets.UTF_8));
        assertThat(buffer.lines()).containsExactly(new OutputLine(OutputLine.Kind.STDOUT, "Password: ok", false));
    }

    @Test
    void aHugeBatchKeepsOnlyTheLastLinesAndCountsEveryDroppedOne() {
        OutputBuffer buffer = new OutputBuffer(uiQueue::add, 1000);
        StringBuilder chunk = new StringBuilder();
        for (int i = 0; i < 300_000; i++) {
            chunk.append(i).append('\n');
        }
        buffer.append(OutputKind.STDOUT, chunk.toString().getBytes(StandardCharsets.UTF_8));
        buffer.append(OutputKind.STDOUT, chunk.toString().getBytes(StandardCharsets.UTF_8));
        drain();
        assertThat(buffer.lines()).hasSize(1000);
        assertThat(buffer.lines().get(0).text()).isEqualTo("… 599001 earlier lines not kept");
        assertThat(buffer.lines().get(999).text()).isEqualTo("299999");
        buffer.append(OutputKind.STDOUT, "one more\n".getBytes(StandardCharsets.UTF_8));
        drain();
        assertThat(buffer.lines().get(0).text()).isEqualTo("… 599002 earlier lines not kept");
        assertThat(buffer.lines().get(999).text()).isEqualTo("one more");
    }
}
