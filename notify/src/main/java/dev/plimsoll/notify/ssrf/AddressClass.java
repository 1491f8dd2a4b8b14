package dev.plimsoll.notify.ssrf;

/** What kind of network an address belongs to, as far as the guard cares. */
public enum AddressClass {
    PUBLIC("a public address"),
    LOOPBACK("a loopback address"),
    PRIVATE("a private address"),
    SHARED("a carrier-grade NAT (shared) address"),
    LINK_LOCAL("a link-local address"),
    UNIQUE_LOCAL("a unique-local address"),
    MULTICAST("a multicast address"),
    CLOUD_METADATA("a cloud metadata address"),
    UNSPECIFIED("an unspecified address"),
    RESERVED("a reserved address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** E.g. {@code a private address}, for messages. */
    public String description() {
        return description;
    }
}
