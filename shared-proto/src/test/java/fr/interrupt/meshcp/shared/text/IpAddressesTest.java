package fr.interrupt.meshcp.shared.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void javaStyleIpv6IsCompressedAsRfc5952Says() {
        assertThat(IpAddresses.display("fd00:0:0:0:0:0:0:2")).isEqualTo("fd00::2");
        assertThat(IpAddresses.display("0:0:0:0:0:0:0:1")).isEqualTo("::1");
        assertThat(IpAddresses.display("0:0:0:0:0:0:0:0")).isEqualTo("::");
        assertThat(IpAddresses.display("2001:DB8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpAddresses.display("2001:db8:0:1:1:1:1:1")).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddresses.display("2001:0db8:0000:0000:0000:ff00:0042:8329")).isEqualTo("2001:db8::ff00:42:8329");
    }

    @Test
    void zonePrefixPortAndIpv4TailAreKept() {
        assertThat(IpAddresses.display("fe80:0:0:0:a00:27ff:fe4e:66a1%eth0/64")).isEqualTo("fe80::a00:27ff:fe4e:66a1%eth0/64");
        assertThat(IpAddresses.display("fd00:0:0:0:0:0:0:2/64")).isEqualTo("fd00::2/64");
        assertThat(IpAddresses.display("[fd00:0:0:0:0:0:0:2]:7444")).isEqualTo("[fd00::2]:7444");
        assertThat(IpAddresses.display("0:0:0:0:0:ffff:192.0.2.1")).isEqualTo("::ffff:192.0.2.1");
    }

    @Test
    void anythingElseIsLeftAlone() {
        assertThat(IpAddresses.display("127.0.0.1:7444")).isEqualTo("127.0.0.1:7444");
        assertThat(IpAddresses.display("192.168.1.20/24")).isEqualTo("192.168.1.20/24");
        assertThat(IpAddresses.display("web-1.local")).isEqualTo("web-1.local");
        assertThat(IpAddresses.display("not:an:address")).isEqualTo("not:an:address");
        assertThat(IpAddresses.display(null)).isNull();
    }
}
