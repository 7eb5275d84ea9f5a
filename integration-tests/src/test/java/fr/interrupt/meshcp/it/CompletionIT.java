package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash completion scripts, from the built launchers' {@code completion bash} and as the build leaves them in
 * target/dist/share/bash-completion/completions: valid bash, and bash itself completes through them.
 */
class CompletionIT {
    private static final Map<String, String> QUICK = Map.of("MESHCP_JAVA_OPTS", "-XX:TieredStopAtLevel=1");

    @TempDir
    Path tmp;

    @Test
    void theHubScriptIsValidBashAndCompletesCommandsSubcommandsAndOptions() throws Exception {
        Path script = write("hub.bash", Launchers.run(60, QUICK, Launchers.hubLauncher(), "completion", "bash").assertOk().stdout());
        assertThat(bash("-n", script.toString()).strip()).isEmpty();
        assertThat(complete(script, "orchestrator-headless", "tok")).containsExactly("token");
        assertThat(complete(script, "orchestrator-headless", "token", "l")).containsExactly("list");
        assertThat(complete(script, "meshcp-orchestrator", "machines", "--j")).containsExactly("--json");
    }

    @Test
    void zshGetsTheScriptThatLoadsBashcompinitItself() {
        String zsh = Launchers.run(60, QUICK, Launchers.hubLauncher(), "completion", "zsh").assertOk().stdout();
        assertThat(zsh).contains("bashcompinit").contains("complete -F _complete_orchestrator-headless");
    }

    @Test
    void theAgentScriptCompletesItsCommands() throws Exception {
        Path script = write("agent.bash", Launchers.run(60, QUICK, Launchers.agentLauncher(), "completion", "bash").assertOk().stdout());
        assertThat(bash("-n", script.toString()).strip()).isEmpty();
        assertThat(complete(script, "meshcp-agent", "en")).containsExactly("enroll");
    }

    @Test
    void theBuildInstallsTheScriptsWhereBashCompletionLooksThemUp() throws Exception {
        Path hub = Launchers.hubLauncher().getParent().getParent().resolve("share/bash-completion/completions");
        Path agent = Launchers.agentLauncher().getParent().getParent().resolve("share/bash-completion/completions");
        for (Path script : List.of(hub.resolve("orchestrator-headless"), hub.resolve("meshcp-orchestrator"), agent.resolve("meshcp-agent"))) {
            assertThat(script).isRegularFile();
            assertThat(bash("-n", script.toString()).strip()).as(script.toString()).isEmpty();
        }
        assertThat(complete(hub.resolve("meshcp-orchestrator"), "meshcp-orchestrator", "stat")).containsExactly("status");
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    /** What bash's completion function for {@code words[0]} offers for the last word, as when Tab is pressed there. */
    private static List<String> complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        String program = "source '" + script + "' 2>/dev/null\n"
                + "COMP_WORDS=(" + line + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}\n"
                + "fn=$(complete -p " + words[0] + " | sed -E 's/.*-F ([^ ]+).*/\\1/')\n"
                + "\"$fn\" " + words[0] + " 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        return bash("-c", program).lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Runs {@code bash ARGS...} and returns its stdout and stderr together. */
    private static String bash(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
