package fr.interrupt.meshcp.hub.mcp;

import fr.interrupt.meshcp.hub.Hub;

/** What a tool handler gets besides its arguments: the hub (opened in the background) and the call's progress channel. */
public record ToolContext(HubHandle hubHandle, Progress progress) {
    public Hub hub() {
        return hubHandle.get();
    }
}
