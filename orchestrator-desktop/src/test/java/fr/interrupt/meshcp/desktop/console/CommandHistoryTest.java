package fr.interrupt.meshcp.desktop.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandHistoryTest {
    @Test
    void upAndDownWalkThePreviousCommands() {
        CommandHistory history = new CommandHistory();
        history.add("uptime");
        history.add("df -h");
        assertThat(history.previous()).isEqualTo("df -h");
        assertThat(history.previous()).isEqualTo("uptime");
        assertThat(history.previous()).isEqualTo("uptime");
        assertThat(history.next()).isEqualTo("df -h");
        assertThat(history.next()).isEmpty();
    }

    @Test
    void aRepeatedCommandMovesToTheEnd() {
        CommandHistory history = new CommandHistory();
        history.add("a");
        history.add("b");
        history.add("a");
        assertThat(history.entries()).containsExactly("b", "a");
    }
}
