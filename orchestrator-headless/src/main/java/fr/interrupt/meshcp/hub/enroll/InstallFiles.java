package fr.interrupt.meshcp.hub.enroll;

import fr.interrupt.meshcp.hub.packages.AgentPlatform;
import fr.interrupt.meshcp.hub.packages.PackageStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the enrollment endpoint serves for the one-line install, GET only, under fixed names that are only ever
 * compared with the request's path, never joined to a file path:
 * <ul>
 *   <li>{@code /install.sh}: the bootstrap script (text/x-shellscript);</li>
 *   <li>{@code /ca.pem}: the hub's CA certificate, which install.sh checks against the token's pin before it
 *       trusts anything else (application/x-pem-file);</li>
 *   <li>{@code /packages/SHA256SUMS}: sha256sum(1) lines for the packages below (text/plain);</li>
 *   <li>{@code /packages/PLATFORM.deb|pkg}: the agent packages added with {@code packages add}.</li>
 * </ul>
 * Anything else under these prefixes is 404 and counts as a failure for the source's rate limit, like a bad
 * token; a blocked source gets 429. At most {@link #MAX_DOWNLOADS} packages are sent at once (then 503), so
 * downloads never take the uplink from enrollment; a package over {@link PackageStore#MAX_PACKAGE_BYTES} is
 * never sent.
 */
final class InstallFiles extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(InstallFiles.class);
    /** Packages sent at the same time (each holds a file open and a connection, not a thread). */
    static final int MAX_DOWNLOADS = 8;
    /** The path prefixes this handler answers under. */
    static final List<String> CONTEXTS = List.of("/install.sh", "/ca.pem", "/packages/");
    private static final String SCRIPT_RESOURCE = "/fr/interrupt/meshcp/hub/packages/install.sh";

    private final PackageStore packages;
    private final byte[] caPem;
    private final byte[] script;
    private final FailureRateLimiter limiter;
    private final Semaphore downloads = new Semaphore(MAX_DOWNLOADS);

    InstallFiles(PackageStore packages, byte[] caPem, FailureRateLimiter limiter) {
        this.packages = packages;
        this.caPem = caPem.clone();
        this.script = installScript();
        this.limiter = limiter;
    }

    /** The install.sh this hub serves, from the class path. */
    static byte[] installScript() {
        try (InputStream in = InstallFiles.class.getResourceAsStream(SCRIPT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("install.sh is missing from the hub's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read install.sh from the hub's jar", e);
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        InetAddress source = EndpointReplies.source(request);
        if (limiter.isBlocked(source)) {
            EndpointReplies.text(response, callback, 429, "too many failed requests from this address; wait a minute\n");
            return true;
        }
        if (!"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            EndpointReplies.text(response, callback, 405, "use GET\n");
            return true;
        }
        // the raw path, compared with fixed names only: "/packages/../ca.pem" or "%6c" never match one
        String path = request.getHttpURI().getPath();
        switch (path == null ? "" : path) {
            case "/install.sh":
                served(response, callback, "text/x-shellscript; charset=utf-8", script);
                return true;
            case "/ca.pem":
                served(response, callback, "application/x-pem-file", caPem);
                return true;
            case "/packages/SHA256SUMS":
                served(response, callback, "text/plain; charset=utf-8", packages.manifest().getBytes(StandardCharsets.UTF_8));
                return true;
            default:
                Optional<PackageStore.Served> served = path != null && path.startsWith("/packages/")
                        ? AgentPlatform.byServedName(path.substring("/packages/".length())).flatMap(packages::served)
                        : Optional.empty();
                if (served.isEmpty()) {
                    limiter.recordFailure(source);
                    EndpointReplies.text(response, callback, 404, "not found\n");
                    return true;
                }
                sendPackage(response, callback, served.get(), source);
                return true;
        }
    }

    /** Streams the package without holding a thread while the client reads (Jetty's asynchronous copy). */
    private void sendPackage(Response response, Callback callback, PackageStore.Served served, InetAddress source) {
        if (!downloads.tryAcquire()) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
            EndpointReplies.text(response, callback, 503, "the hub is sending too many packages at once; try again in a minute\n");
            return;
        }
        long size;
        try {
            size = Files.size(served.file());
        } catch (IOException e) {
            downloads.release();
            EndpointReplies.text(response, callback, 404, "not found\n");
            return;
        }
        if (size > PackageStore.MAX_PACKAGE_BYTES) {
            downloads.release();
            EndpointReplies.text(response, callback, 404, "not found\n");
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, served.agentPackage().platform().contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, size);
        Content.copy(Content.Source.from(served.file()), response, Callback.from(() -> {
            downloads.release();
            LOG.info("sent {} ({}) to {}", served.agentPackage().platform().servedName(), served.agentPackage().fileName(),
                    source.getHostAddress());
            callback.succeeded();
        }, failure -> {
            downloads.release();
            LOG.warn("sending {} to {} failed: {}", served.agentPackage().platform().servedName(), source.getHostAddress(),
                    failure.toString());
            callback.failed(failure);
        }));
    }

    private static void served(Response response, Callback callback, String contentType, byte[] body) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        EndpointReplies.bytes(response, callback, 200, contentType, body);
    }
}
