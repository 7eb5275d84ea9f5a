package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.service.CancelSignal;
import fr.interrupt.meshcp.hub.Hub;

/**
 * What a tool handler gets besides its arguments: the hub (opened in the background), the call's
 * progress channel, and its cancellation by the client.
 */
public record ToolContext(HubHandle hubHandle, Progress progress, CancelSignal cancellation) {
    public Hub hub() {
        return hubHandle.get();
    }
}
