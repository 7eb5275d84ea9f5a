package fr.interrupt.meshcp.hub.enroll;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Whole answers of the enrollment endpoint (status, type, length and body in one write) and the request's source. */
final class EndpointReplies {
    private EndpointReplies() {
    }

    /** The address the request's connection comes from (the unit the failure and connection limits count). */
    static InetAddress source(Request request) {
        SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    /** {@code body} as JSON with {@code status}. */
    static void json(Response response, Callback callback, int status, ObjectMapper json, Object body) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        bytes(response, callback, status, "application/json", bytes);
    }

    /** A short text answer (UTF-8). */
    static void text(Response response, Callback callback, int status, String body) {
        bytes(response, callback, status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code body} as {@code contentType} with {@code status}; a HEAD request gets the headers only. */
    static void bytes(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        boolean head = "HEAD".equals(response.getRequest().getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }
}
