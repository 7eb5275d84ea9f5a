package fr.interrupt.meshcp.shared.tls;

import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.Locale;

/**
 * Which TLS engine the hub's channels to agents run their records through: BoringSSL (the netty-tcnative build that
 * grpc-netty-shaded ships for Linux x86_64 and aarch64, macOS and Windows) when it loads, else the JDK's SunJSSE.
 * The agent's server stays on SunJSSE (its {@code ServerTls} says why: CA rotation).
 *
 * <p>Why BoringSSL first: the JDK's AES-GCM and GHASH are fast only once C2 has compiled them, so a one-shot
 * {@code get} of 256 MiB spent more CPU in the JIT compilers and in interpreted GHASH than in moving the data
 * (docs/ARCHITECTURE.md, "File transfer throughput"); BoringSSL's AES-GCM is native from the first record. The
 * protocols, cipher suites, key managers and trust managers are the same for both engines
 * ({@link TlsSettings}, {@link CaSetTrustManager}): netty hands the peer's chain to our trust manager, at each
 * handshake, in both cases.
 *
 * <p>{@code -Dmeshcp.tls.provider=jdk} (through {@code MESHCP_JAVA_OPTS}) forces SunJSSE, for a platform where
 * the native library misbehaves; {@code openssl} is the default. The native library is extracted by netty into
 * {@code java.io.tmpdir} (a fresh 0600 file, deleted once loaded); a temp dir mounted noexec makes it fail to load,
 * and the JDK engine is used.
 */
public final class TlsProviders {
    /** The system property that chooses the engine: {@code openssl} (default) or {@code jdk}. */
    public static final String PROPERTY = "meshcp.tls.provider";

    private TlsProviders() {
    }

    /**
     * BoringSSL when it loads on this machine and {@link #PROPERTY} does not say {@code jdk}; else the JDK's engine.
     * The first call may load the native library (a few milliseconds); later calls are free.
     */
    public static SslProvider preferred() {
        String wanted = System.getProperty(PROPERTY, "openssl").trim().toLowerCase(Locale.ROOT);
        if (wanted.equals("jdk")) {
            return SslProvider.JDK;
        }
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
