package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.agent.config.Capabilities;
import fr.interrupt.meshcp.agent.config.FilesConfig;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.support.InProcessFleet;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's file messages are face-neutral (no RPC or argument names); each face adds its own words: MCP names
 * its argument (create_parents), the CLI its option (--parents).
 */
class FileToolsWordingTest {
    @TempDir
    Path dataDir;
    @TempDir
    Path root;

    private InProcessFleet fleet;

    @BeforeEach
    void start() throws IOException {
        root = root.toRealPath();
        fleet = InProcessFleet.open(dataDir);
        fleet.addAgent("web1", Capabilities.DEFAULT.withFiles(new FilesConfig(true, 50, List.of(root))));
    }

    @AfterEach
    void stop() {
        fleet.close();
    }

    @Test
    void theServiceMessageNamesNoArgumentAndNoRpc() {
        assertThatThrownBy(() -> fleet.hub().files().write("web1", root + "/missing/x", new ByteArrayInputStream(new byte[1]),
                null, false, n -> { }))
                .isInstanceOf(MeshcpException.class)
                .hasMessageContaining("no such directory: " + root + "/missing")
                .hasMessageNotContaining("create_parents").hasMessageNotContaining("--parents");
    }

    @Test
    void writeFileToAMissingDirectorySaysToSetCreateParents() {
        McpSchema.CallToolResult result = McpServerFactory.invoke(tool("write_file"),
                new ToolContext(HubHandle.of(fleet.hub()), Progress.none(), CancelSignal.none()),
                Map.of("machine", "web1", "path", root + "/missing/x", "content", "hi"));

        assertThat(result.isError()).isTrue();
        assertThat(String.valueOf(result.content())).contains("no such directory").contains("set create_parents to create them");
    }

    @Test
    void readFileOfADirectoryNamesNoRpc() {
        McpSchema.CallToolResult result = McpServerFactory.invoke(tool("read_file"),
                new ToolContext(HubHandle.of(fleet.hub()), Progress.none(), CancelSignal.none()),
                Map.of("machine", "web1", "path", root.toString()));

        assertThat(result.isError()).isTrue();
        assertThat(String.valueOf(result.content())).contains("is a directory").doesNotContain("ListFiles");
    }

    private static ToolDef tool(String name) {
        return McpServerFactory.tools().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }
}
