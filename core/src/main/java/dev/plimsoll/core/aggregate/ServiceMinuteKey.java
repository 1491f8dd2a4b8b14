package dev.plimsoll.core.aggregate;

import java.util.Objects;

/**
 * The key of one {@code service_minute} row: tenant, service, operation and window. Immutable.
 *
 * <p>{@code tenant = ""} is the all-tenants view (every event counts there) and {@code operation =
 * ""} the whole-service view (its concurrency is the service's own sweep, and only these rows carry
 * distinct users); see {@link ServiceMinutePreAggregator}.
 *
 * @param tenant the tenant, {@code ""} for all tenants
 * @param service the service
 * @param operation the operation, {@code ""} for the whole service
 * @param windowStartMicros the window start, epoch microseconds (a whole UTC minute by default)
 */
public record ServiceMinuteKey(
        String tenant, String service, String operation, long windowStartMicros) {

    /** The all-tenants view. */
    public static final String ALL_TENANTS = "";

    /** The whole-service view. */
    public static final String WHOLE_SERVICE = "";

    public ServiceMinuteKey {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
    }

    /** Whether this is a whole-service row ({@code operation = ""}), the one that tracks users. */
    public boolean isWholeService() {
        return operation.isEmpty();
    }

    /** The window start in epoch seconds, for ClickHouse's {@code minute DateTime('UTC')}. */
    public long windowStartEpochSecond() {
        return Math.floorDiv(windowStartMicros, 1_000_000L);
    }
}
