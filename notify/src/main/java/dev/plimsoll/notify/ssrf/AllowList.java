package dev.plimsoll.notify.ssrf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The targets an operator allows although the guard would refuse them ({@code
 * plimsoll.notify.allow-hosts}): address blocks ({@code 127.0.0.1/32}, {@code 10.1.0.0/16}, {@code
 * ::1}) allow addresses; host names ({@code alerts.internal}) and wildcards ({@code *.internal})
 * allow whatever those names resolve to. Immutable and thread-safe.
 */
public final class AllowList {

    private static final Pattern HOST =
            Pattern.compile(
                    "(\\*\\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private static final AllowList EMPTY = new AllowList(List.of(), List.of());

    private final List<Cidr> blocks;
    private final List<String> hosts;

    private AllowList(List<Cidr> blocks, List<String> hosts) {
        this.blocks = List.copyOf(blocks);
        this.hosts = List.copyOf(hosts);
    }

    public static AllowList empty() {
        return EMPTY;
    }

    /**
     * Parses entries; blank entries are skipped.
     *
     * @throws IllegalArgumentException naming the first entry that is neither a block nor a host
     */
    public static AllowList parse(List<String> entries) {
        List<Cidr> blocks = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (String raw : entries == null ? List.<String>of() : entries) {
            for (String part : raw.split(",")) {
                String e = part.trim().toLowerCase(Locale.ROOT);
                if (e.isEmpty()) {
                    continue;
                }
                if (Cidr.literal(e.contains("/") ? e.substring(0, e.indexOf('/')) : e) != null) {
                    blocks.add(Cidr.parse(e));
                } else if (HOST.matcher(e).matches()) {
                    hosts.add(e);
                } else {
                    throw new IllegalArgumentException(
                            "plimsoll.notify.allow-hosts entry '"
                                    + part.trim()
                                    + "' is neither an address block (e.g. 127.0.0.1/32) nor a"
                                    + " host name (e.g. alerts.internal, *.internal)");
                }
            }
        }
        return new AllowList(blocks, hosts);
    }

    /** Whether the host name itself is allowed (whatever it resolves to). */
    public boolean allowsHost(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String allowed : hosts) {
            if (allowed.startsWith("*.")
                    ? h.endsWith(allowed.substring(1)) && h.length() > allowed.length() - 1
                    : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /** Whether an address block allows {@code address}. */
    public boolean allowsAddress(InetAddress address) {
        for (Cidr b : blocks) {
            if (b.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return blocks.isEmpty() && hosts.isEmpty();
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        blocks.forEach(b -> all.add(b.toString()));
        all.addAll(hosts);
        return all.isEmpty() ? "(none)" : String.join(", ", all);
    }
}
