package dev.plimsoll.core.cost;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a pool of shared cost (cost no service owns) is divided among services, hour by hour.
 * Services that get a weight of zero get nothing; when every weight is zero the pool stays
 * <em>unallocated</em> for that hour and is reported as such, never dropped.
 */
public enum SharedCostPolicy {
    /** In proportion to each service's requests in the hour (the default). */
    REQUESTS("requests"),
    /** In proportion to each service's distinct active users in the hour. */
    USERS("users"),
    /** Equally among the services that served at least one request in the hour. */
    EVEN("even"),
    /** In proportion to fixed, configured weights per service, whatever their traffic. */
    WEIGHTS("weights");

    private final String id;

    SharedCostPolicy(String id) {
        this.id = id;
    }

    /** The name in configuration and in the {@code policy} column. */
    public String id() {
        return id;
    }

    /**
     * Parses {@code requests}, {@code users}, {@code even} or {@code weights} (any case).
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static SharedCostPolicy of(String id) {
        String wanted = id == null ? "" : id.strip().toLowerCase(Locale.ROOT);
        for (SharedCostPolicy p : values()) {
            if (p.id.equals(wanted)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "unknown shared-cost policy '"
                        + id
                        + "'; valid: "
                        + Arrays.stream(values())
                                .map(SharedCostPolicy::id)
                                .collect(Collectors.joining(", ")));
    }
}
