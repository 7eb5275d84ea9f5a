package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HubHandleTest {

    @Test
    void aDataDirThatCannotBeOpenedFailsEachCallWithTheReason() {
        HubHandle broken = HubHandle.openInBackground(() -> {
            throw new MeshcpException(MeshcpException.Kind.STATE, "registry.json is corrupt: restore it from a backup");
        });

        assertThatThrownBy(broken::get).hasMessage("registry.json is corrupt: restore it from a backup");
        ToolDef listMachines = McpServerFactory.tools().get(0);
        McpSchema.CallToolResult result = McpServerFactory.invoke(listMachines, new ToolContext(broken, Progress.none(), CancelSignal.none()), Map.of());

        assertThat(result.isError()).isTrue();
        assertThat(((McpSchema.TextContent) result.content().get(0)).text())
                .isEqualTo("error: registry.json is corrupt: restore it from a backup");
    }

    @Test
    void anUnexpectedFailureIsWrappedNotThrown() {
        HubHandle failing = HubHandle.openInBackground(() -> {
            throw new IllegalStateException("boom");
        });

        assertThatThrownBy(failing::get).isInstanceOf(MeshcpException.class).hasMessageContaining("cannot open the hub's data dir");
    }
}
