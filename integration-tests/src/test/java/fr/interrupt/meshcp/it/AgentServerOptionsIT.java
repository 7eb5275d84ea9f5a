package fr.interrupt.meshcp.it;

import static org.assertj.core.api.Assertions.assertThat;

import fr.interrupt.meshcp.testsupport.Launchers;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built agent launcher gives `start`, the long-lived server, the JVM settings that keep its memory and start small
 * (docs/ARCHITECTURE.md, "Start time and memory"), and leaves every other command on the JDK's defaults. The other
 * ITs start agents with this launcher and call them over mTLS, so TLS works with these settings.
 */
class AgentServerOptionsIT {
    /** -XX:+PrintFlagsFinal prints the VM's flags on stdout, -XshowSettings:properties the system properties on stderr. */
    private static final Map<String, String> SHOW = Map.of("MESHCP_JAVA_OPTS", "-XX:+PrintFlagsFinal -XshowSettings:properties");

    @TempDir
    Path tmp;

    @Test
    void startTrimsTheCHeapAndLeavesTheJdkTrustStoreAndKeyStoreRoundsOut() {
        Launchers.Result start = Launchers.run(60, SHOW, Launchers.agentLauncher(), "start", "--config",
                tmp.resolve("missing.yaml").toString());

        assertThat(start.stdout()).containsPattern("TrimNativeHeapInterval\\s+= 10000\\s");
        assertThat(start.stderr()).contains("javax.net.ssl.trustStore = NONE").contains("keystore.pkcs12.keyPbeIterationCount = 1")
                .contains("missing.yaml");
    }

    @Test
    void enrollKeepsTheJdkDefaults() {
        Launchers.Result enroll = Launchers.run(60, SHOW, Launchers.agentLauncher(), "enroll", "--help");

        assertThat(enroll.exitCode()).isZero();
        assertThat(enroll.stdout()).containsPattern("TrimNativeHeapInterval\\s+= 0\\s");
        assertThat(enroll.stderr()).doesNotContain("javax.net.ssl.trustStore").doesNotContain("keystore.pkcs12");
    }
}
