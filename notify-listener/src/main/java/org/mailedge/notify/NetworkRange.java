package org.mailedge.notify;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address block, written in CIDR notation.
 *
 * <p>{@link #parse} accepts address literals only and never asks DNS: an allow-list that depends
 * on name resolution could be widened by whoever controls the resolver.
 *
 * @param network      the first address of the block; its host bits must be zero
 * @param prefixLength the number of leading bits that are fixed: 0 to 32 for IPv4, 0 to 128 for IPv6
 */
public record NetworkRange(InetAddress network, int prefixLength) {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Starts with a hex digit or ':' and holds a ':': then InetAddress parses it as IPv6 and never looks it up. */
    private static final Pattern IPV6 = Pattern.compile("(?=.*:)[0-9A-Fa-f:][0-9A-Fa-f:.]*");
    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    public NetworkRange {
        Objects.requireNonNull(network, "network must not be null");
        int bits = network.getAddress().length * Byte.SIZE;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefixLength of " + network.getHostAddress()
                    + " must be between 0 and " + bits + ", was " + prefixLength);
        }
        InetAddress masked = mask(network, prefixLength);
        if (!masked.equals(network)) {
            throw new IllegalArgumentException(network.getHostAddress() + "/" + prefixLength
                    + " has host bits set; the network is " + masked.getHostAddress() + "/" + prefixLength);
        }
    }

    /**
     * Parses {@code "127.0.0.0/8"}, {@code "::1/128"} or a single address such as
     * {@code "10.0.0.5"} (the same as {@code /32}, or {@code /128} for IPv6).
     *
     * @throws IllegalArgumentException naming the input and what is wrong with it
     */
    public static NetworkRange parse(String cidr) {
        Objects.requireNonNull(cidr, "cidr must not be null");
        int slash = cidr.indexOf('/');
        String addressText = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress address = parseLiteral(addressText, cidr);
        int prefixLength = address.getAddress().length * Byte.SIZE;
        if (slash >= 0) {
            String prefixText = cidr.substring(slash + 1);
            if (!PREFIX.matcher(prefixText).matches()) {
                throw invalid(cidr, "the prefix length after '/' must be a number");
            }
            prefixLength = Integer.parseInt(prefixText);
        }
        try {
            return new NetworkRange(address, prefixLength);
        } catch (IllegalArgumentException e) {
            throw invalid(cidr, e.getMessage());
        }
    }

    /** True if {@code address} is in this block; an address of the other IP family never is. */
    public boolean contains(InetAddress address) {
        Objects.requireNonNull(address, "address must not be null");
        return address.getAddress().length == network.getAddress().length
                && mask(address, prefixLength).equals(network);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress parseLiteral(String text, String cidr) {
        Matcher ipv4 = IPV4.matcher(text);
        if (ipv4.matches()) {
            byte[] octets = new byte[4];
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(ipv4.group(i + 1));
                if (octet > 255) {
                    throw invalid(cidr, "IPv4 octet " + octet + " is above 255");
                }
                octets[i] = (byte) octet;
            }
            return byAddress(octets);
        }
        if (IPV6.matcher(text).matches()) {
            InetAddress address;
            try {
                address = InetAddress.getByName(text);
            } catch (UnknownHostException e) {
                throw invalid(cidr, "not a valid IPv6 address");
            }
            if (address instanceof Inet4Address) {
                throw invalid(cidr, "write an IPv4-mapped range as plain IPv4, e.g. 192.0.2.0/24");
            }
            return address;
        }
        throw invalid(cidr, "expected an IPv4 or IPv6 address literal such as 127.0.0.0/8 or ::1/128");
    }

    private static InetAddress mask(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int fixedBits = Math.max(0, Math.min(Byte.SIZE, prefixLength - i * Byte.SIZE));
            bytes[i] &= (byte) (0xFF << (Byte.SIZE - fixedBits));
        }
        return byAddress(bytes);
    }

    private static InetAddress byAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes always make an address", e);
        }
    }

    private static IllegalArgumentException invalid(String cidr, String reason) {
        return new IllegalArgumentException("invalid network range \"" + cidr + "\": " + reason);
    }
}
