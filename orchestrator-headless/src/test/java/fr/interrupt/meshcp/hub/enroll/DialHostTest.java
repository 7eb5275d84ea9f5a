package fr.interrupt.meshcp.hub.enroll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import fr.interrupt.meshcp.hub.MeshcpException;
import fr.interrupt.meshcp.hub.support.EnrollmentClient;
import fr.interrupt.meshcp.hub.support.EnrollmentClient.Reply;
import fr.interrupt.meshcp.hub.support.TestHub;
import fr.interrupt.meshcp.hub.tokens.IssuedToken;
import fr.interrupt.meshcp.hub.tokens.TokenState;
import fr.interrupt.meshcp.shared.tls.KeyPairs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host a token holder makes the hub dial is checked before the token is spent. */
class DialHostTest {
    private static final InetAddress LAN_PEER = address("192.168.1.20");
    private static final InetAddress LOOPBACK_PEER = address("127.0.0.1");

    private final Map<String, String> dns = Map.of("web-1.lan", "192.168.1.21", "metadata.internal", "169.254.169.254",
            "sneaky.example", "127.0.0.1");
    private final DialHost dialHost = new DialHost(host -> {
        String ip = dns.get(host);
        if (ip == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {address(ip)};
    });

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private String refusal(String advertised, InetAddress from) {
        return assertThatThrownBy(() -> dialHost.choose(advertised, from)).isInstanceOf(MeshcpException.class)
                .extracting(Throwable::getMessage).asString().actual();
    }

    @Test
    void hostNamesAndAddressesOfTheAgentsMachineAreKept() {
        assertThat(dialHost.choose("192.168.1.21", LAN_PEER)).isEqualTo("192.168.1.21");
        assertThat(dialHost.choose("Web-1.LAN", LAN_PEER)).isEqualTo("web-1.lan");
        assertThat(dialHost.choose("fd00::2", LAN_PEER)).isEqualTo("fd00::2");
        assertThat(dialHost.choose("", LAN_PEER)).isEqualTo("192.168.1.20");
        assertThat(dialHost.choose(null, LOOPBACK_PEER)).isEqualTo("127.0.0.1");
    }

    @Test
    void metadataMulticastUnspecifiedAndBroadcastAreNeverDialled() {
        assertThat(refusal("169.254.169.254", LAN_PEER)).contains("link-local").contains("--listen");
        assertThat(refusal("fe80::1", LAN_PEER)).contains("link-local");
        assertThat(refusal("metadata.internal", LAN_PEER)).contains("169.254.169.254").contains("link-local");
        assertThat(refusal("224.0.0.1", LAN_PEER)).contains("multicast");
        assertThat(refusal("0.0.0.0", LAN_PEER)).contains("unspecified");
        assertThat(refusal("::", LAN_PEER)).contains("unspecified");
        assertThat(refusal("255.255.255.255", LAN_PEER)).contains("broadcast");
    }

    @Test
    void aPortOrAnythingButAHostIsRefused() {
        assertThat(refusal("127.0.0.1:22", LOOPBACK_PEER)).contains("give the port separately");
        assertThat(refusal("web-1.lan:80", LAN_PEER)).contains("give the port separately");
        assertThat(refusal("http://web-1", LAN_PEER)).contains("not a host name or an IP address");
        assertThat(refusal("-web", LAN_PEER)).contains("not a host name");
        assertThat(refusal("1.2.3.999", LAN_PEER)).contains("not a host name");
        assertThat(refusal("a".repeat(64) + ".lan", LAN_PEER)).contains("not a host name");
        assertThat(refusal("unknown.lan", LAN_PEER)).contains("does not resolve");
    }

    @Test
    void loopbackOnlyWhenTheAgentEnrollsFromTheHubsOwnMachine() {
        assertThat(dialHost.choose("127.0.0.1", LOOPBACK_PEER)).isEqualTo("127.0.0.1");
        assertThat(dialHost.choose("sneaky.example", LOOPBACK_PEER)).isEqualTo("sneaky.example");
        assertThat(refusal("127.0.0.1", LAN_PEER)).contains("loopback").contains("192.168.1.20");
        assertThat(refusal("::1", LAN_PEER)).contains("loopback");
        assertThat(refusal("sneaky.example", LAN_PEER)).contains("loopback");
    }

    @Test
    void overHttpsARefusedHostLeavesTheTokenUnspentAndNothingRecorded(@TempDir Path dir) throws Exception {
        try (TestHub hub = TestHub.open(dir)) {
            IssuedToken token = hub.token("web-1");
            Reply reply = hub.client().post(EnrollmentClient.request(token.token(), "web-1", KeyPairs.generateP256(),
                    "169.254.169.254", 80));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.body()).contains("link-local");
            assertThat(hub.hub().tokens().find(token.token().id()).orElseThrow().state(hub.clock().instant()))
                    .isEqualTo(TokenState.PENDING);
            assertThat(hub.registry().find("web-1")).isEmpty();
        }
    }
}
