package fr.interrupt.meshcp.hub.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The envelope rules of JSON-RPC 2.0 with MCP's id rule, one value at a time. */
class JsonRpcEnvelopeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"1", "0", "-3", "12345678901234567890", "\"abc\"", "\"\""})
    void aStringOrIntegerIdMakesARequest(String id) throws Exception {
        JsonRpcEnvelope envelope = judge("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");

        assertThat(envelope).isInstanceOf(JsonRpcEnvelope.Request.class);
        assertThat(((JsonRpcEnvelope.Request) envelope).id().toString()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "null", "1.5", "1.0", "1e3", "{}", "[1]"})
    void anyOtherIdIsInvalidAndAnsweredWithANullId(String id) throws Exception {
        JsonRpcEnvelope envelope = judge("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"ping\"}");

        assertThat(envelope).isInstanceOfSatisfying(JsonRpcEnvelope.Invalid.class, invalid -> {
            assertThat(invalid.replyId()).isNull();
            assertThat(invalid.reason()).startsWith("\"id\" must be a string or an integer");
        });
    }

    @Test
    void aMessageWithoutIdIsANotification() throws Exception {
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"))
                .isEqualTo(new JsonRpcEnvelope.Notification("notifications/initialized"));
    }

    @Test
    void aWrongVersionIsInvalidButKeepsAValidIdToAnswerWith() throws Exception {
        JsonRpcEnvelope.Invalid missing = (JsonRpcEnvelope.Invalid) judge("{\"id\":4,\"method\":\"ping\"}");
        JsonRpcEnvelope.Invalid old = (JsonRpcEnvelope.Invalid) judge("{\"jsonrpc\":\"1.0\",\"id\":\"x\",\"method\":\"ping\"}");

        assertThat(missing.replyId().asInt()).isEqualTo(4);
        assertThat(missing.reason()).contains("\"jsonrpc\" is missing");
        assertThat(old.replyId().asText()).isEqualTo("x");
        assertThat(old.reason()).isEqualTo("\"jsonrpc\" must be exactly \"2.0\" (got \"1.0\")");
    }

    @Test
    void aMethodThatIsNotAStringOrParamsThatAreNotStructuredAreInvalid() throws Exception {
        assertThat(((JsonRpcEnvelope.Invalid) judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":null}")).reason())
                .isEqualTo("\"method\" must be a non-empty string (got null)");
        assertThat(((JsonRpcEnvelope.Invalid) judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\"}")).reason())
                .startsWith("\"method\" must be a non-empty string");
        assertThat(((JsonRpcEnvelope.Invalid) judge("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":3}")).reason())
                .isEqualTo("\"params\" must be an object (got 3)");
    }

    @Test
    void responsesNeedAValidIdAndOneOfResultOrError() throws Exception {
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}")).isInstanceOf(JsonRpcEnvelope.Response.class);
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"error\":{\"code\":1,\"message\":\"m\"}}"))
                .isInstanceOf(JsonRpcEnvelope.Response.class);
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"id\":true,\"result\":{}}")).isInstanceOf(JsonRpcEnvelope.Invalid.class);
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"result\":{}}")).isInstanceOf(JsonRpcEnvelope.Invalid.class);
        assertThat(judge("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{},\"error\":{}}")).isInstanceOf(JsonRpcEnvelope.Invalid.class);
    }

    @Test
    void scalarsAndArraysAreNotMessages() throws Exception {
        for (String value : new String[] {"42", "\"text\"", "null", "true", "[]"}) {
            assertThat(judge(value)).as(value).isEqualTo(new JsonRpcEnvelope.Invalid(null, "a JSON-RPC message must be a JSON object"));
        }
    }

    @Test
    void theClientsValueIsQuotedShortAndPrintable() throws Exception {
        String reason = ((JsonRpcEnvelope.Invalid) judge("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":[\"\\u001b[31m"
                + "x".repeat(200) + "\"]}")).reason();

        assertThat(reason).doesNotContain("\u001b").hasSizeLessThan(120).contains("...");
    }

    private static JsonRpcEnvelope judge(String json) throws Exception {
        JsonNode node = JSON.readTree(json);
        return JsonRpcEnvelope.of(node);
    }
}
