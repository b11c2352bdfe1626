package io.trunkroute.trunks.model;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv4 or IPv6 network ({@code 203.0.113.0/24}); a bare address means a single host.
 * Parsing never touches DNS: only numeric addresses are accepted.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+") || host.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR (no host names)");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR", e);
        }
        int max = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has a bad prefix length", e);
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException("'" + text + "' prefix length must be 0.." + max);
        }
        return new Cidr(address, prefix);
    }

    public boolean contains(InetAddress candidate) {
        byte[] net = network.getAddress();
        byte[] addr = candidate.getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (net[i] != addr[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (net[full] & mask) == (addr[full] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }
}
