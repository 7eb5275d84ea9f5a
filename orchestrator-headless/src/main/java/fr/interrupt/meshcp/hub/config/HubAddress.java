package fr.interrupt.meshcp.hub.config;

import fr.interrupt.meshcp.shared.Ports;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

/** The address new machines use to reach this hub, for the printed enroll command. */
public final class HubAddress {
    private HubAddress() {
    }

    /** {@code https://HOST:PORT}; HOST from {@code --address} or the first non-loopback IPv4 address. */
    public static String enrollmentUrl(String address) {
        return enrollmentUrl(address, Ports.ENROLLMENT);
    }

    /** Like {@link #enrollmentUrl(String)}, with {@code defaultPort} when the address names none (the desktop's actual port). */
    public static String enrollmentUrl(String address, int defaultPort) {
        String hostPort = address == null || address.isBlank() ? guessHost() + ":" + defaultPort
                : address.contains(":") && !address.startsWith("[") && address.indexOf(':') == address.lastIndexOf(':')
                ? address : address + ":" + defaultPort;
        return "https://" + hostPort;
    }

    private static String guessHost() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            // fall back to the loopback address below
        }
        return "127.0.0.1";
    }
}
