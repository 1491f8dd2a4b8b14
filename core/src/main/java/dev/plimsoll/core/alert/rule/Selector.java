package dev.plimsoll.core.alert.rule;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which stored series a rule watches: one service, optionally one operation and one tenant; or, for
 * cost metrics, all services together ({@link #ALL_SERVICES}).
 *
 * @param service the service, or {@link #ALL_SERVICES}
 * @param operation the operation, {@code ""} for the whole service
 * @param tenant the tenant, {@code ""} for the all-tenants rows (every event counts there)
 */
public record Selector(String service, String operation, String tenant) {

    /**
     * The service of a rule that watches all services together: the infrastructure's cost (every
     * cost of the currency) and cost per user (over the distinct users of every service). Cost
     * metrics only.
     */
    public static final String ALL_SERVICES = "*";

    public Selector {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(tenant, "tenant");
    }

    /** Whether the rule watches all services together. */
    public boolean allServices() {
        return ALL_SERVICES.equals(service);
    }

    /** The series' labels: {@code service}, and {@code operation} / {@code tenant} when set. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", service);
        if (!operation.isEmpty()) {
            labels.put("operation", operation);
        }
        if (!tenant.isEmpty()) {
            labels.put("tenant", tenant);
        }
        return labels;
    }
}
