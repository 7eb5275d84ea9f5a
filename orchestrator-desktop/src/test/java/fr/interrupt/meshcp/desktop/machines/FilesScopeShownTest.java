package fr.interrupt.meshcp.desktop.machines;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.proto.agent.v1.Capabilities;
import fr.interrupt.meshcp.proto.agent.v1.FilesCapability;
import org.junit.jupiter.api.Test;

/** The details pane says which paths the files capability serves, in the words the CLI and MCP use. */
class FilesScopeShownTest {
    private static String filesFact(FilesCapability files) {
        return MachineDetailsViewModel.capabilityFacts(Capabilities.newBuilder().setFiles(files).build()).stream()
                .filter(f -> f.label().equals("Files")).findFirst().orElseThrow().value();
    }

    @Test
    void anAgentThatProtectsItselfServesAnyPathExceptItsOwnFiles() {
        assertThat(filesFact(FilesCapability.newBuilder().setEnabled(true).setMaxFileSizeBytes(1L << 20).setProtectsOwnFiles(true).build()))
                .isEqualTo("on · files up to 1.0 MiB · any path except the agent's own files");
    }

    @Test
    void allowedPathsAreListed() {
        assertThat(filesFact(FilesCapability.newBuilder().setEnabled(true).setMaxFileSizeBytes(1L << 20).setProtectsOwnFiles(true)
                .addAllowedPaths("/srv").addAllowedPaths("/var/log").build()))
                .isEqualTo("on · files up to 1.0 MiB · only under /srv, /var/log");
    }
}
