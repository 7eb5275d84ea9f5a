package fr.interrupt.meshcp.hub.config;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.net.InetSocketAddress;

/** Parses HOST:PORT, [IPv6]:PORT or :PORT as typed on the command line. */
public final class ListenAddress {
    private ListenAddress() {
    }

    /**
     * "0.0.0.0:7443", "[::]:7443", "127.0.0.1:0" or ":7443" (all addresses); port 0 to 65535 (0: any free port).
     *
     * @throws MeshcpException INVALID_INPUT with the accepted syntax
     */
    public static InetSocketAddress parse(String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw invalid(text);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw invalid(text);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (p < 0 || p > 65535) {
            throw invalid(text);
        }
        return host.isEmpty() ? new InetSocketAddress(p) : new InetSocketAddress(host, p);
    }

    /** HOST:PORT as people read it: "0.0.0.0:7443" for any address, IPv6 in brackets. */
    public static String display(InetSocketAddress address) {
        if (address.getAddress() != null && address.getAddress().isAnyLocalAddress()) {
            return "0.0.0.0:" + address.getPort();
        }
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static MeshcpException invalid(String text) {
        return new MeshcpException(MeshcpException.Kind.INVALID_INPUT,
                "invalid listen address \"" + text + "\": use HOST:PORT, such as 0.0.0.0:7443 or [::]:7443");
    }
}
