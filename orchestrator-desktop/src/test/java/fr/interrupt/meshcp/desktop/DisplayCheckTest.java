package fr.interrupt.meshcp.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DisplayCheckTest {

    @Test
    void linuxWithNeitherVariableHasNoDisplay() {
        assertThat(DisplayCheck.missing(Map.of("DISPLAY", " "), "Linux")).get().asString()
                .contains("DISPLAY and WAYLAND_DISPLAY are unset").endsWith("use orchestrator-headless for the command line");
    }

    @Test
    void eitherVariableIsEnoughOnLinux() {
        assertThat(DisplayCheck.missing(Map.of("DISPLAY", ":0"), "Linux")).isEmpty();
        assertThat(DisplayCheck.missing(Map.of("WAYLAND_DISPLAY", "wayland-0"), "Linux")).isEmpty();
    }

    @Test
    void macOsAndWindowsNeedNoVariable() {
        assertThat(DisplayCheck.missing(Map.of(), "Mac OS X")).isEmpty();
        assertThat(DisplayCheck.missing(Map.of(), "Windows 11")).isEmpty();
    }

    @Test
    void onlyTheToolkitsDisplayFailureIsTranslated() {
        RuntimeException gtk = new UnsupportedOperationException("Unable to open DISPLAY");
        assertThat(DisplayCheck.unreachable(new RuntimeException("launch", gtk), Map.of("DISPLAY", ":5"))).get().asString()
                .startsWith("orchestrator-desktop cannot open the display DISPLAY=:5");
        assertThat(DisplayCheck.unreachable(new IllegalStateException("something else"), Map.of("DISPLAY", ":5"))).isEmpty();
    }
}
