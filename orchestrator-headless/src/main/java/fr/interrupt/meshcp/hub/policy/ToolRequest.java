package fr.interrupt.meshcp.hub.policy;

/**
 * One MCP tool call on one machine, as the policy judges it.
 *
 * @param tool    the tool's name, for messages ("exec")
 * @param command the command line for {@link ToolAccess#RUN}, else null
 * @param path    the remote path the call reads or writes, else null
 */
public record ToolRequest(String tool, String machine, ToolAccess access, String command, String path) {
}
