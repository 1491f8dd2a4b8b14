package dev.plimsoll.notify.ssrf;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Classifies addresses (IANA special-purpose registries, RFC 6890). Only {@link
 * AddressClass#PUBLIC} addresses are reachable without an allow-list entry. IPv6 forms that embed
 * an IPv4 address (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible, NAT64 {@code 64:ff9b::/96},
 * 6to4 {@code 2002::/16}) are judged by the embedded address, so {@code ::ffff:127.0.0.1} is
 * loopback. Stateless and thread-safe.
 */
public final class AddressPolicy {

    /** Instance metadata services of the major clouds (checked before the ranges they sit in). */
    private static final List<Cidr> METADATA =
            List.of(
                    Cidr.parse("169.254.169.254/32"), // AWS, GCP, Azure, OpenStack, DigitalOcean
                    Cidr.parse("169.254.170.2/32"), // AWS ECS task metadata
                    Cidr.parse("100.100.100.200/32"), // Alibaba Cloud
                    Cidr.parse("192.0.0.192/32"), // Oracle Cloud (legacy)
                    Cidr.parse("fd00:ec2::254/128")); // AWS IMDS over IPv6

    private static final List<Range> V4 =
            List.of(
                    new Range("0.0.0.0/8", AddressClass.UNSPECIFIED),
                    new Range("10.0.0.0/8", AddressClass.PRIVATE),
                    new Range("100.64.0.0/10", AddressClass.SHARED),
                    new Range("127.0.0.0/8", AddressClass.LOOPBACK),
                    new Range("169.254.0.0/16", AddressClass.LINK_LOCAL),
                    new Range("172.16.0.0/12", AddressClass.PRIVATE),
                    new Range("192.0.0.0/24", AddressClass.RESERVED),
                    new Range("192.0.2.0/24", AddressClass.RESERVED),
                    new Range("192.88.99.0/24", AddressClass.RESERVED),
                    new Range("192.168.0.0/16", AddressClass.PRIVATE),
                    new Range("198.18.0.0/15", AddressClass.RESERVED),
                    new Range("198.51.100.0/24", AddressClass.RESERVED),
                    new Range("203.0.113.0/24", AddressClass.RESERVED),
                    new Range("224.0.0.0/4", AddressClass.MULTICAST),
                    new Range("240.0.0.0/4", AddressClass.RESERVED));

    private static final List<Range> V6 =
            List.of(
                    new Range("::/128", AddressClass.UNSPECIFIED),
                    new Range("::1/128", AddressClass.LOOPBACK),
                    new Range("100::/64", AddressClass.RESERVED),
                    new Range("2001:db8::/32", AddressClass.RESERVED),
                    new Range("fc00::/7", AddressClass.UNIQUE_LOCAL),
                    new Range("fe80::/10", AddressClass.LINK_LOCAL),
                    new Range("fec0::/10", AddressClass.RESERVED),
                    new Range("ff00::/8", AddressClass.MULTICAST));

    private AddressPolicy() {}

    /** The class of {@code address}. */
    public static AddressClass classify(InetAddress address) {
        for (Cidr m : METADATA) {
            if (m.contains(address)) {
                return AddressClass.CLOUD_METADATA;
            }
        }
        if (address instanceof Inet4Address) {
            return classifyIn(V4, address);
        }
        InetAddress embedded = embeddedIpv4((Inet6Address) address);
        if (embedded != null) {
            return classify(embedded);
        }
        return classifyIn(V6, address);
    }

    private static AddressClass classifyIn(List<Range> ranges, InetAddress address) {
        for (Range r : ranges) {
            if (r.cidr.contains(address)) {
                return r.kind;
            }
        }
        return AddressClass.PUBLIC;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
    static InetAddress embeddedIpv4(Inet6Address address) {
        byte[] b = address.getAddress();
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        boolean mapped = zero80 && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = zero80 && b[10] == 0 && b[11] == 0 && !isZeroOrOne(b);
        boolean nat64 =
                b[0] == 0x00
                        && b[1] == 0x64
                        && b[2] == (byte) 0xff
                        && b[3] == (byte) 0x9b
                        && allZero(b, 4, 12);
        if (mapped || compatible || nat64) {
            return v4(b[12], b[13], b[14], b[15]);
        }
        if (b[0] == 0x20 && b[1] == 0x02) { // 6to4: 2002:AABB:CCDD::/48
            return v4(b[2], b[3], b[4], b[5]);
        }
        return null;
    }

    private static boolean isZeroOrOne(byte[] b) {
        return allZero(b, 0, 15) && (b[15] == 0 || b[15] == 1);
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress v4(byte a, byte b, byte c, byte d) {
        try {
            return InetAddress.getByAddress(new byte[] {a, b, c, d});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Range(Cidr cidr, AddressClass kind) {
        Range(String cidr, AddressClass kind) {
            this(Cidr.parse(cidr), kind);
        }
    }
}
