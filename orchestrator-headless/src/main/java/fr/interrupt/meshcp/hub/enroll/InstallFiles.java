package fr.interrupt.meshcp.hub.enroll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import fr.interrupt.meshcp.hub.packages.AgentPlatform;
import fr.interrupt.meshcp.hub.packages.PackageStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
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
 * downloads never take every worker from enrollment; a package over {@link PackageStore#MAX_PACKAGE_BYTES} is
 * never sent.
 */
final class InstallFiles implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InstallFiles.class);
    /** Packages sent at the same time; well under {@link EnrollmentServer#WORKERS}. */
    static final int MAX_DOWNLOADS = 8;
    /** The path prefixes this handler answers under (the server's contexts). */
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
    public void handle(HttpExchange exchange) throws IOException {
        InetAddress source = exchange.getRemoteAddress().getAddress();
        try (exchange) {
            if (limiter.isBlocked(source)) {
                text(exchange, 429, "too many failed requests from this address; wait a minute\n");
                return;
            }
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                text(exchange, 405, "use GET\n");
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            switch (path) {
                case "/install.sh":
                    bytes(exchange, "text/x-shellscript; charset=utf-8", script);
                    return;
                case "/ca.pem":
                    bytes(exchange, "application/x-pem-file", caPem);
                    return;
                case "/packages/SHA256SUMS":
                    bytes(exchange, "text/plain; charset=utf-8", packages.manifest().getBytes(StandardCharsets.UTF_8));
                    return;
                default:
                    Optional<PackageStore.Served> served = path.startsWith("/packages/")
                            ? AgentPlatform.byServedName(path.substring("/packages/".length())).flatMap(packages::served)
                            : Optional.empty();
                    if (served.isEmpty()) {
                        limiter.recordFailure(source);
                        text(exchange, 404, "not found\n");
                        return;
                    }
                    sendPackage(exchange, served.get(), source);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("install request from {} failed: {}", source.getHostAddress(), e.toString());
        }
    }

    private void sendPackage(HttpExchange exchange, PackageStore.Served served, InetAddress source) throws IOException {
        if (!downloads.tryAcquire()) {
            exchange.getResponseHeaders().set("Retry-After", "60");
            text(exchange, 503, "the hub is sending too many packages at once; try again in a minute\n");
            return;
        }
        try (InputStream in = Files.newInputStream(served.file())) {
            long size = Files.size(served.file());
            if (size > PackageStore.MAX_PACKAGE_BYTES) {
                text(exchange, 404, "not found\n");
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", served.agentPackage().platform().contentType());
            exchange.sendResponseHeaders(200, size);
            try (OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
            LOG.info("sent {} ({}) to {}", served.agentPackage().platform().servedName(), served.agentPackage().fileName(),
                    source.getHostAddress());
        } catch (java.nio.file.NoSuchFileException e) {
            text(exchange, 404, "not found\n");
        } finally {
            downloads.release();
        }
    }

    private static void bytes(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
