package fr.interrupt.meshcp.hub.enroll;

import fr.interrupt.meshcp.hub.MeshcpException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host the hub will dial for a machine, chosen at enrollment: the address the agent advertises (its --listen
 * host), else the address the request came from. A token holder chooses what the hub connects to later, so the
 * advertised host must be a host name (RFC 1123 labels) or an IP literal, never with a port, and never an address
 * the hub must not be made to dial: unspecified (0.0.0.0, ::), multicast, broadcast, link-local (169.254.0.0/16 and
 * fe80::/10, where cloud metadata services live, RFC 3927 / RFC 4291), and loopback unless the enrolling agent is on
 * the hub's own machine (its request came from loopback). Host names are checked once, by what they resolve to now;
 * a name that later resolves elsewhere is not re-checked (the agent must still present its certificate).
 */
final class DialHost {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

    /** Resolves host names; tests give their own. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;

    DialHost(Resolver resolver) {
        this.resolver = resolver;
    }

    DialHost() {
        this(InetAddress::getAllByName);
    }

    /**
     * The host to record for the machine.
     *
     * @param advertised what the agent advertised; null or blank means "the address my request came from"
     * @param remote the address the enrollment request came from
     * @throws MeshcpException INVALID_INPUT naming why the advertised host is refused and how the agent fixes it
     */
    String choose(String advertised, InetAddress remote) {
        if (advertised == null || advertised.isBlank()) {
            check(remote, remote, "the address this request came from (" + remote.getHostAddress() + ")");
            return remote.getHostAddress().replaceAll("%.*$", "");
        }
        String host = advertised.strip().toLowerCase(Locale.ROOT);
        if (IPV4.matcher(host).matches() || (host.contains(":") && IPV6.matcher(host).matches() && parsesAsIpv6(host))) {
            check(literal(host), remote, "advertised address " + host);
            return host;
        }
        if (host.contains(":")) {
            throw refused("advertised address \"" + shortened(host) + "\" is not a host name or an IP address "
                    + "(give the port separately: meshcp-agent enroll --listen HOST:PORT)");
        }
        if (!isHostName(host)) {
            throw refused("advertised address \"" + shortened(host) + "\" is not a host name or an IP address");
        }
        InetAddress[] resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw refused("advertised host name " + host + " does not resolve on the hub; use a name the hub can resolve, "
                    + "or an IP address (meshcp-agent enroll --listen ADDRESS:PORT)");
        }
        for (InetAddress address : resolved) {
            check(address, remote, "advertised host name " + host + " (" + address.getHostAddress() + ")");
        }
        return host;
    }

    private static void check(InetAddress address, InetAddress remote, String what) {
        String why = null;
        if (address.isAnyLocalAddress()) {
            why = "is unspecified";
        } else if (address.isMulticastAddress()) {
            why = "is a multicast address";
        } else if (address.isLinkLocalAddress()) {
            why = "is link-local (where cloud metadata services answer)";
        } else if ("255.255.255.255".equals(address.getHostAddress())) {
            why = "is the broadcast address";
        } else if (address.isLoopbackAddress() && !remote.isLoopbackAddress()) {
            why = "is loopback, but the agent enrolls from another machine (" + remote.getHostAddress() + ")";
        }
        if (why != null) {
            throw refused(what + " " + why + ": the hub will not dial it; enroll with --listen ADDRESS:PORT "
                    + "naming an address of the agent's machine that the hub can reach");
        }
    }

    private static boolean isHostName(String host) {
        if (host.length() > 253) {
            return false;
        }
        String[] labels = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1) : host.split("\\.", -1);
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        // RFC 1123 2.1: a name whose last label is all digits would be read as an address
        return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
    }

    private static boolean parsesAsIpv6(String host) {
        try {
            return literal(host) instanceof Inet6Address;
        } catch (MeshcpException e) {
            return false;
        }
    }

    /** An IP literal to an address, without a lookup: getByName never resolves a string that is an IPv4 or IPv6 literal. */
    private static InetAddress literal(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw refused("advertised address \"" + shortened(host) + "\" is not a valid IP address");
        }
    }

    private static String shortened(String text) {
        return fr.interrupt.meshcp.shared.text.Printable.of(text, 60);
    }

    private static MeshcpException refused(String message) {
        return new MeshcpException(MeshcpException.Kind.INVALID_INPUT, message);
    }
}
