package fr.interrupt.meshcp.desktop.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UncaughtErrorsTest {
    private final List<String> shown = new CopyOnWriteArrayList<>();
    private final UncaughtErrors errors = new UncaughtErrors(shown::add);

    private void failOnAThread(RuntimeException failure) throws InterruptedException {
        Thread thread = new Thread(() -> {
            throw failure;
        }, "a-cell-factory");
        thread.setUncaughtExceptionHandler(errors);
        thread.start();
        thread.join();
    }

    @Test
    void anUncaughtExceptionShowsOneShortSentenceWithoutItsClassOrStack() throws InterruptedException {
        failOnAThread(new IllegalStateException("index 3 out of bounds in MachineRow"));
        assertThat(shown).containsExactly(UncaughtErrors.SENTENCE);
        assertThat(shown.get(0)).doesNotContain("Exception").doesNotContain("MachineRow").doesNotContain("\tat ");
    }

    @Test
    void failuresWhileTheSentenceIsShownAreOnlyLoggedThenTheNextOneShowsAgain() throws InterruptedException {
        failOnAThread(new IllegalStateException("first"));
        failOnAThread(new IllegalStateException("second"));
        assertThat(shown).hasSize(1);
        errors.dismissed();
        failOnAThread(new IllegalStateException("third"));
        assertThat(shown).hasSize(2);
    }
}
