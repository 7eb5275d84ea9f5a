package fr.interrupt.meshcp.hub.enroll;

import com.fasterxml.jackson.databind.ObjectMapper;
import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.tokens.EnrollmentRefusedException;
import fr.interrupt.meshcp.shared.enroll.EnrollError;
import fr.interrupt.meshcp.shared.enroll.EnrollRequest;
import fr.interrupt.meshcp.shared.enroll.EnrollmentProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/enroll}: reads the body without holding a thread (at most
 * {@link EnrollmentProtocol#MAX_REQUEST_BYTES}, within {@code bodyTime}), then enrolls on {@code work}. A wrong
 * secret or unknown id is 401 and counts towards the source's failure limit; a genuine token with a reason is 409;
 * a malformed request is 400 and counts too; a failure of the hub itself is 500 with a sentence that sends the
 * caller to the hub's operator (the detail goes to the hub's log); a blocked source is 429 unless it presents a
 * genuine token. Nothing of the secret is logged.
 */
final class EnrollHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(EnrollHandler.class);

    private final EnrollmentService enrollment;
    private final FailureRateLimiter limiter;
    private final ObjectMapper json;
    private final Executor work;
    private final Duration bodyTime;

    EnrollHandler(EnrollmentService enrollment, FailureRateLimiter limiter, ObjectMapper json, Executor work, Duration bodyTime) {
        this.enrollment = enrollment;
        this.limiter = limiter;
        this.json = json;
        this.work = work;
        this.bodyTime = bodyTime;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        InetAddress source = EndpointReplies.source(request);
        if (!"POST".equals(request.getMethod())) {
            EndpointReplies.json(response, callback, 405, json, new EnrollError("use POST"));
            return true;
        }
        Optional<String> blocked = limiter.blocked(source);
        if (request.getLength() > EnrollmentProtocol.MAX_REQUEST_BYTES) {
            // the body is never read, so the connection cannot carry another request: say so, or a client reuses it
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
            refuse(response, callback, source, blocked, 413, "request too large");
            return true;
        }
        Content.Source.asByteArrayAsync(request, EnrollmentProtocol.MAX_REQUEST_BYTES)
                .orTimeout(bodyTime.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((body, failure) -> {
                    if (failure == null) {
                        enroll(body, source, blocked, response, callback);
                    } else if (isStall(failure)) {
                        LOG.info("enrollment request from {} not read: {}", source.getHostAddress(), failure.toString());
                        callback.failed(failure);
                    } else {
                        refuse(response, callback, source, blocked, 413, "request too large");
                    }
                }, work);
        return true;
    }

    private void enroll(byte[] body, InetAddress source, Optional<String> blocked, Response response, Callback callback) {
        EnrollRequest request;
        try {
            request = json.readValue(body, EnrollRequest.class);
        } catch (IOException e) {
            refuse(response, callback, source, blocked, 400, "malformed enrollment request");
            return;
        }
        try {
            // a blocked address or a flooded hub still lets a genuine token through: the limit is for guessers
            if (blocked.isPresent() && !enrollment.presentsGenuineToken(request)) {
                EndpointReplies.json(response, callback, 429, json, new EnrollError(blocked.get()));
                return;
            }
            var enrolled = enrollment.enroll(request, source);
            LOG.info("enrolled machine {} from {}", enrolled.machineName(), source.getHostAddress());
            EndpointReplies.json(response, callback, 200, json, enrolled);
        } catch (EnrollmentRefusedException e) {
            if (!e.authenticated()) {
                limiter.recordFailure(source);
            }
            LOG.info("enrollment refused for token {} from {}: {}", safeId(request.tokenId()), source.getHostAddress(), e.getMessage());
            EndpointReplies.json(response, callback, e.authenticated() ? 409 : 401, json, new EnrollError(e.getMessage()));
        } catch (MeshcpException e) {
            if (e.kind() != MeshcpException.Kind.INVALID_INPUT) {
                // the hub's own problem (a corrupt or unwritable state file, a CA replaced since this process
                // started): the detail is for the hub's operator, not for an unauthenticated caller, whose
                // address is not to blame
                LOG.error("enrollment from {} failed: {}", source.getHostAddress(), e.getMessage());
                EndpointReplies.json(response, callback, 500, json, new EnrollError("the hub cannot enroll machines right now; "
                        + "its operator will find the reason in the hub's log"));
                return;
            }
            limiter.recordFailure(source);
            LOG.info("enrollment rejected from {}: {}", source.getHostAddress(), e.getMessage());
            EndpointReplies.json(response, callback, 400, json, new EnrollError(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.warn("enrollment request from {} failed: {}", source.getHostAddress(), e.toString());
            callback.failed(e);
        }
    }

    /** A malformed request: counted as a failure, or answered 429 when its source is blocked already. */
    private void refuse(Response response, Callback callback, InetAddress source, Optional<String> blocked, int status, String message) {
        if (blocked.isPresent()) {
            EndpointReplies.json(response, callback, 429, json, new EnrollError(blocked.get()));
            return;
        }
        limiter.recordFailure(source);
        EndpointReplies.json(response, callback, status, json, new EnrollError(message));
    }

    /** The body stopped coming (timeout, reset, idle connection), as opposed to one that was too large. */
    private static boolean isStall(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof TimeoutException || cause instanceof IOException;
    }

    private static String safeId(String id) {
        return id != null && id.matches("[a-z0-9]{1,12}") ? id : "?";
    }
}
