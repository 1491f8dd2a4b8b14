package dev.plimsoll.notify.config;

import dev.plimsoll.notify.NotifyWorker;
import dev.plimsoll.notify.delivery.DeliveryMetrics;
import dev.plimsoll.notify.delivery.DeliveryStatus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * The notify role's meters, on the process's shared registry ({@code /prometheus} in the app):
 *
 * <ul>
 *   <li>{@code plimsoll_notify_attempts_total{type,outcome}}: attempts by contact point type and
 *       outcome ({@code delivered}, {@code retry}, {@code failed});
 *   <li>{@code plimsoll_notify_deliveries_total{type,status}}: deliveries that ended {@code
 *       delivered} or {@code dead} — alert on the dead ones;
 *   <li>{@code plimsoll_notify_in_flight}: messages taken from the outbox and not finished.
 * </ul>
 */
@Singleton
@Requires(property = "plimsoll.notify.enabled", notEquals = "false")
final class NotifyMetrics implements DeliveryMetrics {

    static final String ATTEMPTS = "plimsoll.notify.attempts";
    static final String DELIVERIES = "plimsoll.notify.deliveries";
    static final String IN_FLIGHT = "plimsoll.notify.in.flight";

    private final MeterRegistry registry;

    NotifyMetrics(@Nullable MeterRegistry registry) {
        // An empty composite registry hands out no-op meters.
        this.registry = registry != null ? registry : new CompositeMeterRegistry();
    }

    @Override
    public void attempted(String type, String outcome) {
        Counter.builder(ATTEMPTS)
                .description("Notification delivery attempts")
                .tag("type", type)
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    @Override
    public void finished(String type, DeliveryStatus status) {
        Counter.builder(DELIVERIES)
                .description("Notification deliveries that ended delivered or dead")
                .tag("type", type)
                .tag("status", status.wireName())
                .register(registry)
                .increment();
    }

    void watch(NotifyWorker worker) {
        Gauge.builder(IN_FLIGHT, worker, NotifyWorker::inFlight)
                .description("Notifications taken from the outbox and not yet delivered or dead")
                .register(registry);
    }
}
