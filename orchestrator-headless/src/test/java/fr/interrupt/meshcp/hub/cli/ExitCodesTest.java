package fr.interrupt.meshcp.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.MeshcpException.Kind;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import fr.interrupt.meshcp.hub.cli.InProcessCli.Run;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of failure has its documented exit code, and --help says which. */
class ExitCodesTest {
    @TempDir
    Path dir;

    @Test
    void everyKindHasItsCode() {
        assertThat(ExitCodes.of(Kind.INVALID_INPUT)).isEqualTo(2);
        assertThat(ExitCodes.of(Kind.NOT_FOUND)).isEqualTo(3);
        assertThat(ExitCodes.of(Kind.REFUSED)).isEqualTo(4);
        assertThat(ExitCodes.of(Kind.UNREACHABLE)).isEqualTo(5);
        assertThat(ExitCodes.of(Kind.STATE)).isEqualTo(6);
        assertThat(ExitCodes.of(Kind.CANCELLED)).isEqualTo(130);
        assertThat(ExitCodes.of(Kind.CONFLICT)).isEqualTo(1);
    }

    @Test
    void theMapperFindsTheFailureInsideWrappersAndCallsAnythingElseAFailure() {
        ExitCodes mapper = new ExitCodes();
        assertThat(mapper.getExitCode(new CompletionException(new MeshcpException(Kind.REFUSED, "no")))).isEqualTo(4);
        assertThat(mapper.getExitCode(new IllegalStateException("a bug"))).isEqualTo(1);
    }

    @Test
    void helpListsTheExitCodes() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Exit codes:").containsPattern("\\n +3 +not found").containsPattern("\\n +130 +cancelled")
                .contains("124 timeout");
    }

    @Test
    void aMissingCommandIsAUsageError() {
        Run none = run("--data-dir", dir.toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: missing command\n");
    }

    private static Run run(String... args) {
        return InProcessCli.raw(List.of(args));
    }

}
