package fr.interrupt.meshcp.desktop.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The built orchestrator-desktop launcher where no window can open: one sentence on stderr, exit 1, no stack trace. */
@EnabledOnOs(OS.LINUX)
class NoDisplayIT {
    @TempDir
    Path dataDir;

    @Test
    void withoutDisplayOrWaylandItSaysSoInOneSentence() throws Exception {
        Run run = desktop(null);
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.stderr.strip()).isEqualTo("error: orchestrator-desktop needs a graphical display (none found: DISPLAY and "
                + "WAYLAND_DISPLAY are unset); use orchestrator-headless for the command line");
        assertThat(run.stdout).isEmpty();
    }

    @Test
    void aDisplayThatCannotBeOpenedIsOneSentenceNotAStackTrace() throws Exception {
        // display 87 on a host name that does not resolve: nothing can answer there
        Run run = desktop("nowhere.invalid:87");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.stderr.strip().lines().toList()).containsExactly("error: orchestrator-desktop cannot open the display "
                + "DISPLAY=nowhere.invalid:87 (is the X server running, and may this user connect to it?); use orchestrator-headless "
                + "for the command line");
    }

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run desktop(String display) throws IOException, InterruptedException {
        Path launcher = Launchers.launcher("meshcp.desktop.dist", "orchestrator-desktop");
        ProcessBuilder builder = new ProcessBuilder(List.of(launcher.toString(), "--data-dir", dataDir.toString()));
        builder.environment().remove("WAYLAND_DISPLAY");
        builder.environment().remove("DISPLAY");
        if (display != null) {
            builder.environment().put("DISPLAY", display);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        Supplier<String> out = Launchers.drain(process.getInputStream());
        Supplier<String> err = Launchers.drain(process.getErrorStream());
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("orchestrator-desktop did not exit within 60 s; stderr: " + err.get());
        }
        return new Run(process.exitValue(), out.get(), err.get());
    }
}
