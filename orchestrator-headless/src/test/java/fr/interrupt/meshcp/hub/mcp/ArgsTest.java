package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    @Test
    void aMisspeltArgumentIsRefusedWithTheExpectedNames() {
        Args args = new Args("exec", Map.of("machine", "web1", "comand", "ls"));

        assertThatThrownBy(() -> args.onlyKnown(Set.of("machine", "command")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("unknown argument \"comand\" for exec (expected: command, machine)");
    }

    @Test
    void aMissingRequiredArgumentIsNamed() {
        assertThatThrownBy(() -> new Args("ping", Map.of()).string("machine"))
                .hasMessage("missing required argument \"machine\" for ping");
    }

    @Test
    void integersAcceptWholeNumbersAndDigitStringsWithinBounds() {
        Args args = new Args("exec", Map.of("a", 30, "b", 30.0, "c", "45", "d", 601, "e", "soon"));

        assertThat(args.integer("a", 0, 0, 600)).isEqualTo(30);
        assertThat(args.integer("b", 0, 0, 600)).isEqualTo(30);
        assertThat(args.integer("c", 0, 0, 600)).isEqualTo(45);
        assertThat(args.integer("missing", 7, 0, 600)).isEqualTo(7);
        assertThatThrownBy(() -> args.integer("d", 0, 0, 600)).hasMessage("argument \"d\" must be from 0 to 600 (got 601)");
        assertThatThrownBy(() -> args.integer("e", 0, 0, 600))
                .hasMessage("argument \"e\" must be an integer from 0 to 600 (got \"soon\")");
    }

    @Test
    void choicesListTheAllowedValues() {
        Args args = new Args("job_output", Map.of("stream", "both"));

        assertThatThrownBy(() -> args.choice("stream", "stdout", List.of("stdout", "stderr")))
                .hasMessage("argument \"stream\" must be one of \"stdout\", \"stderr\" (got \"both\")");
    }

    @Test
    void environmentValuesMustBeStrings() {
        Args args = new Args("exec", Map.of("env", Map.of("N", 3)));

        assertThatThrownBy(() -> args.stringMap("env")).hasMessage("argument \"env.N\" must be a string (got 3)");
    }
}
