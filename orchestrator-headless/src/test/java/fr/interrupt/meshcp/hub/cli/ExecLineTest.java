package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExecLineTest {

    @Test
    void wordsBeforeTheDelimiterAreMachinesAndAfterItTheCommand() {
        ExecLine line = ExecLine.split(List.of("web", "ls", "-la"), List.of("web", "--timeout", "2", "--", "ls", "-la"));
        assertThat(line.machines()).containsExactly("web");
        assertThat(line.command()).containsExactly("ls", "-la");
    }

    @Test
    void commaSeparatedAndSpaceSeparatedNamesAreAllMachines() {
        ExecLine line = ExecLine.split(List.of("a,b", "c", "uptime"), List.of("a,b", "c", "--", "uptime"));
        assertThat(line.machines()).containsExactly("a", "b", "c");
    }

    @Test
    void everythingAfterTheFirstDelimiterBelongsToTheCommand() {
        ExecLine line = ExecLine.split(List.of("web", "--timeout", "3", "--", "x"), List.of("web", "--", "--timeout", "3", "--", "x"));
        assertThat(line.command()).containsExactly("--timeout", "3", "--", "x");
    }

    @Test
    void withNoWordBeforeTheDelimiterThereIsNoMachine() {
        ExecLine line = ExecLine.split(List.of("uptime"), List.of("--all", "--", "uptime"));
        assertThat(line.machines()).isEmpty();
        assertThat(line.command()).containsExactly("uptime");
    }

    @Test
    void withoutTheDelimiterThereIsNoLine() {
        assertThat(ExecLine.split(List.of("web", "ls"), List.of("web", "ls"))).isNull();
    }

    @Test
    void namesDropBlanksAndDuplicatesKeepingOrder() {
        assertThat(ExecLine.names(List.of("b,a,", " c ", "a"))).containsExactly("b", "a", "c");
    }
}
