package fr.interrupt.meshcp.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.CommandTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command of meshcp-agent, found by walking picocli's tree, answers --help and -h; so does help CMD. */
class AgentHelpTest {

    private record Run(int code, String out, String err) {
    }

    private static CommandLine cli(StringWriter out, StringWriter err) {
        // the services are never reached: help is answered before any command runs
        return AgentCli.create(new PrintWriter(out, true), new PrintWriter(err, true), new AgentCli.Services(null, null));
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = cli(out, err).execute(args.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<List<String>> everyCommand() {
        return CommandTrees.paths(cli(new StringWriter(), new StringWriter()));
    }

    @Test
    void theTreeHasEnrollStartAndHelp() {
        assertThat(everyCommand()).contains(List.of("enroll"), List.of("start"), List.of("completion"), List.of("help"));
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
    void helpCommandShowsTheUsageOfACommand() {
        Run enroll = run(List.of("help", "enroll"));

        assertThat(enroll.code()).isZero();
        assertThat(enroll.out()).startsWith("Usage: meshcp-agent enroll").contains("--orchestrator");
    }
}
