package fr.interrupt.meshcp.shared.tls;

import java.util.List;

/**
 * TLS parameters shared by every meshcp endpoint: TLS 1.3 preferred, 1.2 minimum, AES-GCM first
 * (the JDK's ChaCha20 is far slower than its AES-GCM, which uses AES-NI).
 */
public final class TlsSettings {
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsSettings() {
    }
}
