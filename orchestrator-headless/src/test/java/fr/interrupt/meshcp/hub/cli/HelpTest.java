package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.CommandTrees;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import fr.interrupt.meshcp.hub.cli.InProcessCli.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of orchestrator-headless, found by walking picocli's tree, answers --help and -h; so does help CMD. */
class HelpTest {
    @TempDir
    Path dir;

    private Run run(List<String> args) {
        List<String> all = new ArrayList<>(List.of("--data-dir", dir.toString()));
        all.addAll(args);
        return InProcessCli.raw(all);
    }

    private static List<List<String>> everyCommand() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return CommandTrees.paths(CliFactory.create(sink, sink, Map.of()));
    }

    @Test
    void theTreeHasTheNestedCommands() {
        assertThat(everyCommand()).contains(List.of("token", "create"), List.of("token", "revoke"), List.of("machines", "remove"),
                List.of("jobs", "attach"), List.of("jobs", "cancel"), List.of("ping"), List.of("serve"), List.of("completion"), List.of("help"));
    }

    @Test
    void everyCommandAnswersHelpAndHWithItsUsage() {
        for (List<String> path : everyCommand()) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Run r = run(args);
                assertThat(r.code()).as("%s: %s", args, r.err()).isZero();
                assertThat(r.out()).as("%s", args).startsWith("Usage:");
                assertThat(r.err()).as("%s", args).isEmpty();
            }
        }
    }

    @Test
    void helpCommandShowsTheUsageOfACommandAndOfASubcommand() {
        Run ping = run(List.of("help", "ping"));
        Run create = run(List.of("help", "token", "create"));

        assertThat(ping.code()).isZero();
        assertThat(ping.out()).startsWith("Usage: orchestrator-headless ping");
        assertThat(create.code()).isZero();
        assertThat(create.out()).startsWith("Usage: orchestrator-headless token create");
    }

    @Test
    void topLevelHelpListsTheSubcommandsOfSubcommands() {
        Run help = run(List.of("--help"));

        assertThat(help.out()).containsPattern("(?m)^  token create +Create")
                .containsPattern("(?m)^  token list ").containsPattern("(?m)^  token revoke ")
                .containsPattern("(?m)^  machines remove ").containsPattern("(?m)^  jobs attach ")
                .containsPattern("(?m)^  jobs cancel ").containsPattern("(?m)^  help +Display help")
                .doesNotContain("%n");
    }
}
