package dev.plimsoll.notify.ssrf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a host may be contacted, after resolution: every address it resolves to must be
 * {@link AddressClass#PUBLIC} or allowed by the {@link AllowList} (one bad address refuses the
 * host, so a round-robin name cannot sneak a private address in). The addresses returned are the
 * only ones a connection may use — no second lookup after the check, so DNS rebinding cannot change
 * the answer in between. Thread-safe.
 */
public final class TargetGuard {

    private final AllowList allowList;
    private final HostResolver resolver;

    public TargetGuard(AllowList allowList, HostResolver resolver) {
        this.allowList = Objects.requireNonNull(allowList, "allowList");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    public AllowList allowList() {
        return allowList;
    }

    /**
     * The addresses {@code host} may be reached at.
     *
     * @throws TargetRefusedException naming the host, the address and its class, and how to allow
     *     it
     * @throws UnknownHostException when the name does not resolve (transient or not, the caller
     *     decides)
     */
    public List<InetAddress> check(String host) throws UnknownHostException {
        InetAddress literal = Cidr.literal(host);
        List<InetAddress> addresses = literal != null ? List.of(literal) : resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " has no address");
        }
        if (literal == null && allowList.allowsHost(host)) {
            return addresses;
        }
        for (InetAddress a : addresses) {
            AddressClass kind = AddressPolicy.classify(a);
            if (kind != AddressClass.PUBLIC && !allowList.allowsAddress(a)) {
                throw new TargetRefusedException(
                        (literal != null ? host : host + " resolves to " + a.getHostAddress())
                                + ", "
                                + kind.description()
                                + "; notifications are not sent there unless it is listed in"
                                + " plimsoll.notify.allow-hosts");
            }
        }
        return addresses;
    }

    /** Whether the host passes, for validation messages: the refusal reason, or null. */
    public String refusal(String host) {
        try {
            check(host);
            return null;
        } catch (TargetRefusedException e) {
            return e.getMessage();
        } catch (UnknownHostException e) {
            return host + " does not resolve";
        }
    }
}
