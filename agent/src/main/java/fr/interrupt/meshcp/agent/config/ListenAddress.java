package fr.interrupt.meshcp.agent.config;

import fr.interrupt.meshcp.shared.Ports;

/** Where the gRPC server listens: {@code host:port}, {@code [v6]:port}; an empty host or 0.0.0.0 / :: means every interface. */
public record ListenAddress(String host, int port) {
    public static final ListenAddress DEFAULT = new ListenAddress("0.0.0.0", Ports.AGENT);

    public ListenAddress {
        if (host == null) {
            throw new IllegalArgumentException("missing host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
    }

    /** Parses {@code HOST:PORT}; the message says what was expected. */
    public static ListenAddress parse(String text) {
        String expected = "expected HOST:PORT such as 0.0.0.0:7444 or [::]:7444";
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(expected);
        }
        String value = text.trim();
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(expected);
        }
        String host = value.substring(0, colon);
        String portText = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("put an IPv6 address in brackets: [" + host + "]:" + portText);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(expected);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        return new ListenAddress(host, port);
    }

    /** True for an address that listens on every interface, which the hub cannot dial as such. */
    public boolean isWildcard() {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    /** The host to bind: the wildcard forms all mean every interface. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
