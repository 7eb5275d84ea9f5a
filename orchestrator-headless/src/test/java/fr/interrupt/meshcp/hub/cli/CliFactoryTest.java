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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's command line ({@link CliFactory#createFor}, which builds only what the arguments use) behaves as the
 * whole tree ({@link CliFactory#create}): same output, same errors, same exit codes.
 */
class CliFactoryTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(boolean lazy, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        String[] argv = args.toArray(String[]::new);
        int code = (lazy ? CliFactory.createFor(argv, o, e, Map.of()) : CliFactory.create(o, e, Map.of())).execute(argv);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertSame(List<String> args) {
        assertThat(run(true, args)).as("%s", args).isEqualTo(run(false, args));
    }

    /** Each subcommand with its own branch built (a nested one's help is that branch's: one of them is enough). */
    @Test
    void everySubcommandsHelpIsTheSame() {
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        List<List<String>> paths = new ArrayList<>(CommandTrees.paths(CliFactory.create(sink, sink, Map.of())));
        paths.removeIf(path -> path.size() > 1);
        paths.add(List.of("token", "create"));
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            assertSame(args);
        }
    }

    @Test
    void theRootsHelpVersionAndUsageErrorsAreTheSame() {
        String data = dir.toString();
        for (List<String> args : List.<List<String>>of(List.of(), List.of("-h"), List.of("--help"), List.of("-V"), List.of("--version"),
                List.of("--data-dir", data), List.of("--data-dir=" + data, "--help"), List.of("--help", "exec"),
                List.of("-V", "ping"), List.of("nosuch"), List.of("--nosuch"), List.of("--data-dir"), List.of("help"),
                List.of("help", "token", "create"), List.of("help", "nosuch"), List.of("completion", "bash"))) {
            assertSame(args);
        }
    }

    @Test
    void aSubcommandsUsageErrorsAreTheSame() {
        String data = dir.toString();
        for (List<String> args : List.<List<String>>of(List.of("exec"), List.of("--data-dir", data, "exec", "web", "uname", "-a"),
                List.of("token", "craete"), List.of("ping"), List.of("machines", "--bogus"), List.of("exec", "--data-dir"),
                List.of("--data-dir", "exec", "ping"), List.of("--data-dir", "-h", "ping"))) {
            assertSame(args);
        }
    }

    @Test
    void aCommandThatOpensTheHubRunsTheSame() {
        String data = dir.toString();
        assertSame(List.of("exec", "--data-dir", data, "web-1", "--", "true"));
    }

    @Test
    void theChoiceReadsOnlyTheRootsOptions() {
        Set<String> names = Set.of("exec", "ping", "help", "completion");

        assertThat(CommandChoice.of(new String[] {"exec", "web", "--", "true"}, names))
                .isEqualTo(new CommandChoice(CommandChoice.Kind.ONE_SUBCOMMAND, "exec"));
        assertThat(CommandChoice.of(new String[] {"--data-dir", "/x", "ping", "web"}, names))
                .isEqualTo(new CommandChoice(CommandChoice.Kind.ONE_SUBCOMMAND, "ping"));
        assertThat(CommandChoice.of(new String[] {"--data-dir", "exec", "ping", "web"}, names).kind())
                .isEqualTo(CommandChoice.Kind.ANYTHING);
        assertThat(CommandChoice.of(new String[] {"--data-dir=/x", "-h"}, names).kind()).isEqualTo(CommandChoice.Kind.ROOT_ONLY);
        assertThat(CommandChoice.of(new String[] {"--help", "exec"}, names).kind()).isEqualTo(CommandChoice.Kind.ANYTHING);
        assertThat(CommandChoice.of(new String[] {"help", "exec"}, names).kind()).isEqualTo(CommandChoice.Kind.ANYTHING);
        assertThat(CommandChoice.of(new String[] {"-x", "exec"}, names).kind()).isEqualTo(CommandChoice.Kind.ANYTHING);
    }
}
