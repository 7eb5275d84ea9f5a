package fr.interrupt.meshcp.shared.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.netty.shaded.io.netty.handler.ssl.OpenSsl;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** BoringSSL is the engine wherever grpc-netty-shaded ships it, and the JDK's engine can be chosen instead. */
class TlsProvidersTest {
    @AfterEach
    void clear() {
        System.clearProperty(TlsProviders.PROPERTY);
    }

    @Test
    void boringSslLoadsOnLinuxX8664AndAarch64AndIsPreferred() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (os.contains("linux") && (arch.equals("amd64") || arch.equals("aarch64"))) {
            assertThat(OpenSsl.isAvailable()).as("grpc-netty-shaded's BoringSSL loads here: %s", OpenSsl.unavailabilityCause()).isTrue();
        }

        assertThat(TlsProviders.preferred()).isEqualTo(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK);
    }

    @Test
    void thePropertySaysJdkAndTheJdkEngineIsUsed() {
        System.setProperty(TlsProviders.PROPERTY, " JDK ");

        assertThat(TlsProviders.preferred()).isEqualTo(SslProvider.JDK);
    }
}
