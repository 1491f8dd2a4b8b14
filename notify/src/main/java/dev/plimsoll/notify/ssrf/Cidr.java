package dev.plimsoll.notify.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is its own block
 * ({@code /32}, {@code /128}). Parsing never consults DNS. Immutable and thread-safe.
 */
public final class Cidr {

    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code a.b.c.d/n}, {@code x::y/n} or a bare address.
     *
     * @throws IllegalArgumentException when it is not an address block
     */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        InetAddress a = literal(addr);
        if (a == null) {
            throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block");
        }
        byte[] bytes = a.getAddress();
        int max = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? max : Integer.parseInt(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
        }
        if (prefix < 0 || prefix > max) {
            throw new IllegalArgumentException(
                    "'" + text + "' has a prefix length outside 0.." + max);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** The address of an IP literal, without DNS; {@code null} when it is not one. */
    public static InetAddress literal(String host) {
        String h = host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.isEmpty() || !LITERAL.matcher(h).matches()) {
            return null;
        }
        boolean v4 = h.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (v4 && h.split("\\.", -1).length != 4) {
            return null; // e.g. "127.1": not a literal we accept
        }
        if (!v4 && !h.contains(":")) {
            return null; // a host name made of hex letters, e.g. "cafe"
        }
        try {
            return InetAddress.getByName(h); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} (same family) lies in this block. */
    public boolean contains(InetAddress address) {
        byte[] b = address.getAddress();
        return b.length == network.length && Arrays.equals(mask(b, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
