package dev.plimsoll.notify.contact;

import java.util.Objects;

/**
 * A named destination for notifications. Its {@code url} (chat webhook URLs embed their token) and
 * {@code secret} are credentials: {@link #toString()} masks them, the API never returns them, and
 * nothing logs them.
 *
 * @param name the name rules refer to in {@code notify}
 * @param type the service
 * @param url the webhook URL
 * @param secret the Standard Webhooks signing secret ({@code whsec_…}) for {@code webhook}, else
 *     {@code null}
 * @param grouping how alerts are batched (chat types), or {@code null} for the defaults
 * @param sendResolved whether resolutions are announced
 * @param origin where the contact point is defined
 */
public record ContactPoint(
        String name,
        ChannelType type,
        String url,
        String secret,
        Grouping grouping,
        boolean sendResolved,
        Origin origin) {

    /** Where a contact point is defined. */
    public enum Origin {
        /**
         * The YAML file ({@code plimsoll.notify.contact-points-file}): read-only through the API.
         */
        FILE,
        /** Created through {@code /api/v1/contact-points}. */
        API
    }

    public ContactPoint {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(origin, "origin");
    }

    /** This contact point's grouping, or {@code defaults} when it sets none. */
    public Grouping groupingOr(Grouping defaults) {
        return grouping == null ? defaults : grouping;
    }

    @Override
    public String toString() {
        return "ContactPoint[name="
                + name
                + ", type="
                + type.id()
                + ", url="
                + Secrets.maskUrl(url)
                + ", secret="
                + (secret == null ? "none" : "********")
                + ", origin="
                + origin
                + "]";
    }
}
