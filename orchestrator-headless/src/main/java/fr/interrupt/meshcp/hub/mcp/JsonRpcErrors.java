package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes JSON-RPC 2.0 error responses (https://www.jsonrpc.org/specification, section 5.1) to the
 * stdout of the MCP session, one per line, under the lock every writer of that stream takes (the
 * stream object itself), so an error never lands inside another message.
 */
final class JsonRpcErrors {
    /** Invalid JSON was received. */
    static final int PARSE_ERROR = -32700;
    /** The JSON sent is not a valid request object. */
    static final int INVALID_REQUEST = -32600;
    /** The server failed while handling a valid request. */
    static final int INTERNAL_ERROR = -32603;

    private final OutputStream out;
    private final ObjectMapper json;

    /** {@code out} must be the very stream (and lock) the transport writes its messages to. */
    JsonRpcErrors(OutputStream out, ObjectMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Sends one error; {@code id} null answers a message whose id could not be told (JSON null on the wire). */
    void send(JsonNode id, int code, String message) throws IOException {
        ObjectNode error = json.createObjectNode();
        error.put("jsonrpc", "2.0");
        error.set("id", id == null ? json.nullNode() : id);
        error.putObject("error").put("code", code).put("message", message);
        byte[] bytes = (json.writeValueAsString(error) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }
}
