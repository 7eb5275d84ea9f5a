package fr.interrupt.meshcp.agent.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArgvSplitterTest {
    @Test
    void splitsOnBlanksAndHonoursQuotesAndBackslashes() {
        assertThat(ArgvSplitter.split("ls  -la\t/var/log")).containsExactly("ls", "-la", "/var/log");
        assertThat(ArgvSplitter.split("cat 'a b' \"c d\" e\\ f")).containsExactly("cat", "a b", "c d", "e f");
        assertThat(ArgvSplitter.split("echo \"say \\\"hi\\\"\" 'it''s'")).containsExactly("echo", "say \"hi\"", "its");
        assertThat(ArgvSplitter.split("echo '' \"\"")).containsExactly("echo", "", "");
        assertThat(ArgvSplitter.split("grep -r 'x\\y' .")).containsExactly("grep", "-r", "x\\y", ".");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ls; id", "ls && id", "ls | sh", "ls `id`", "ls $(id)", "ls $HOME", "ls > /tmp/x", "ls < /etc/passwd",
        "ls 'a;b'", "ls \"$(id)\"", "ls *.log", "ls ?", "ls [ab]", "ls {a,b}", "(ls)", "ls\nid", "ls\rid", "ls\u0000id", "ls\u001bid"})
    void shellSyntaxIsRefusedEvenQuoted(String command) {
        assertThatThrownBy(() -> ArgvSplitter.split(command))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.kind()).isEqualTo(Refusal.Kind.INVALID_ARGUMENT);
                    assertThat(r.getMessage()).startsWith("shell syntax is not allowed when allowed_commands is set: ");
                });
    }

    @Test
    void unterminatedQuotesAndEmptyCommandsAreRefused() {
        for (String command : List.of("ls 'a", "ls \"a", "ls \\", "   ", "")) {
            assertThatThrownBy(() -> ArgvSplitter.split(command)).as(command).isInstanceOf(Refusal.class);
        }
    }
}
