package fr.interrupt.meshcp.shared.text;

import java.util.Locale;

/**
 * IP addresses as people read them: IPv6 in the canonical text form of RFC 5952 (section 4: lowercase hex,
 * no leading zeros, the longest run of two or more zero groups, the first on a tie, written "::"), so
 * {@code fd00:0:0:0:0:0:0:2} shows as {@code fd00::2}. Pure text work: never a DNS lookup.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * The address as shown by the CLI and the desktop. Accepts an IPv6 literal alone or with a zone and/or
     * prefix length ({@code fe80:0:0:0:1:2:3:4%eth0/64}), or in brackets before a port
     * ({@code [fd00:0:0:0:0:0:0:2]:7444}); an embedded dotted IPv4 tail is kept dotted. IPv4 addresses, host
     * names, null and anything that is not an IPv6 literal come back unchanged.
     */
    public static String display(String text) {
        if (text == null || text.indexOf(':') < 0) {
            return text;
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return text;
            }
            String inside = display(text.substring(1, close));
            return "[" + inside + text.substring(close);
        }
        int suffixAt = firstOf(text, '%', '/');
        String address = suffixAt < 0 ? text : text.substring(0, suffixAt);
        String suffix = suffixAt < 0 ? "" : text.substring(suffixAt);
        String compressed = compress(address);
        return compressed == null ? text : compressed + suffix;
    }

    /** The RFC 5952 form of a bare IPv6 literal, or null when {@code address} is not one. */
    static String compress(String address) {
        String ipv4Tail = null;
        String hexPart = address;
        int lastColon = address.lastIndexOf(':');
        if (address.indexOf('.', lastColon) > 0) {
            ipv4Tail = address.substring(lastColon + 1);
            if (!ipv4Tail.matches("(\\d{1,3})(\\.\\d{1,3}){3}")) {
                return null;
            }
            hexPart = address.substring(0, lastColon + 1) + "0:0";
        }
        int[] groups = parse(hexPart);
        if (groups == null) {
            return null;
        }
        int shown = ipv4Tail == null ? 8 : 6;
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < shown; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < shown && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        if (ipv4Tail != null) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(ipv4Tail);
        }
        return out.toString();
    }

    /** Eight 16-bit groups, or null when the text is not hex groups with at most one "::". */
    private static int[] parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        int gap = lower.indexOf("::");
        if (gap >= 0 && lower.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String[] head = gap < 0 ? lower.split(":", -1) : split(lower.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : split(lower.substring(gap + 2));
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        int[] groups = new int[8];
        for (int i = 0; i < head.length; i++) {
            groups[i] = group(head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = group(tail[i]);
        }
        for (int g : groups) {
            if (g < 0) {
                return null;
            }
        }
        return groups;
    }

    private static String[] split(String part) {
        return part.isEmpty() ? new String[0] : part.split(":", -1);
    }

    private static int group(String hex) {
        if (!hex.matches("[0-9a-f]{1,4}")) {
            return -1;
        }
        return Integer.parseInt(hex, 16);
    }

    private static int firstOf(String text, char a, char b) {
        int i = text.indexOf(a);
        int j = text.indexOf(b);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
