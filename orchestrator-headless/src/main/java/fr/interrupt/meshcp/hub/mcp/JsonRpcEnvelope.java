package fr.interrupt.meshcp.hub.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import fr.interrupt.meshcp.shared.text.Printable;

/**
 * What one incoming JSON value is as a JSON-RPC 2.0 message, judged by the envelope alone
 * (https://www.jsonrpc.org/specification, section 4 "Request object" and 5 "Response object") with
 * MCP's stricter id rule (MCP 2025-06-18, basic/index: a request id MUST be a string or an integer,
 * and MUST NOT be null). A value that is no valid message is {@link Invalid}, carrying the id to
 * answer with (the message's own id when that id is valid, else null) and the reason in the client's
 * terms. Batches (JSON arrays) are judged by the caller: MCP 2025-06-18 removed them.
 */
sealed interface JsonRpcEnvelope {

    /** Longest piece of the client's message quoted in a reason, in code points. */
    int SHOWN_MAX = 40;

    /** A request: it must be answered, exactly once, under {@code id} (a string or an integral number). */
    record Request(JsonNode id, String method) implements JsonRpcEnvelope {
    }

    /** A notification (no id): never answered, not even with an error. */
    record Notification(String method) implements JsonRpcEnvelope {
    }

    /** The client's answer to a request of the server: never answered either. */
    record Response(JsonNode id) implements JsonRpcEnvelope {
    }

    /** Not a valid message: answer -32600 under {@code replyId} (null when the message has no valid id). */
    record Invalid(JsonNode replyId, String reason) implements JsonRpcEnvelope {
    }

    /** Judges one parsed value; never throws. */
    static JsonRpcEnvelope of(JsonNode message) {
        if (message == null || !message.isObject()) {
            return new Invalid(null, "a JSON-RPC message must be a JSON object");
        }
        JsonNode id = message.get("id");
        JsonNode replyId = isValidId(id) ? id : null;
        JsonNode version = message.get("jsonrpc");
        if (version == null) {
            return new Invalid(replyId, "the member \"jsonrpc\" is missing; it must be \"2.0\"");
        }
        if (!version.isTextual() || !version.asText().equals("2.0")) {
            return new Invalid(replyId, "\"jsonrpc\" must be exactly \"2.0\" (got " + shown(version.toString()) + ")");
        }
        if (message.has("method")) {
            return requestOrNotification(message, id, replyId);
        }
        if (message.has("result") || message.has("error")) {
            return response(message, id, replyId);
        }
        return new Invalid(replyId, "a JSON-RPC message needs a \"method\" (request or notification) "
                + "or a \"result\" or \"error\" (response)");
    }

    /** True for a usable request id under MCP: a string or an integral number (no fraction, not null). */
    static boolean isValidId(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber());
    }

    private static JsonRpcEnvelope requestOrNotification(JsonNode message, JsonNode id, JsonNode replyId) {
        JsonNode method = message.get("method");
        if (!method.isTextual() || method.asText().isEmpty()) {
            return new Invalid(replyId, "\"method\" must be a non-empty string (got " + shown(method.toString()) + ")");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject() && !params.isArray()) {
            return new Invalid(replyId, "\"params\" must be an object (got " + shown(params.toString()) + ")");
        }
        if (id == null) {
            return new Notification(method.asText());
        }
        if (replyId == null) {
            return new Invalid(null, "\"id\" must be a string or an integer (got " + shown(id.toString()) + ")");
        }
        return new Request(id, method.asText());
    }

    /** A client's value quoted back to it: printable and short. */
    private static String shown(String json) {
        return Printable.of(json, SHOWN_MAX);
    }

    private static JsonRpcEnvelope response(JsonNode message, JsonNode id, JsonNode replyId) {
        if (message.has("result") && message.has("error")) {
            return new Invalid(replyId, "a response carries either \"result\" or \"error\", not both");
        }
        if (replyId == null) {
            return new Invalid(null, "a response's \"id\" must be a string or an integer (got "
                    + (id == null ? "none" : shown(id.toString())) + ")");
        }
        return new Response(id);
    }
}
