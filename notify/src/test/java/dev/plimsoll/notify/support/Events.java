package dev.plimsoll.notify.support;

import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.event.SuspectDeploy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Alert events for tests: a firing P95 alert and its resolution. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-03-01T10:15:00Z");

    private Events() {}

    /** The firing change of alert {@code alertId} of rule {@code rule}, notifying {@code cps}. */
    public static AlertEvent firing(String alertId, String rule, String service, List<String> cps) {
        return new AlertEvent(
                alertId + "-firing",
                alertId,
                rule + "-id",
                rule,
                "fp-" + alertId,
                AlertState.FIRING,
                AlertState.PENDING,
                T0.plusSeconds(120),
                T0,
                null,
                Map.of("service", service, "team", "payments"),
                Map.of("runbook", "https://runbooks.example/p95"),
                "latency.p95",
                service,
                "threshold",
                new BigDecimal("312.4"),
                "ms",
                new BigDecimal("300"),
                null,
                new BigDecimal("0.01"),
                new BigDecimal("-4.13"),
                List.of(new SuspectDeploy(service, "2026.03.1", T0.minusSeconds(360))),
                cps,
                service + " latency.p95 312.4 ms above 300 ms for 2m");
    }

    /** The resolution of {@link #firing}. */
    public static AlertEvent resolved(AlertEvent firing) {
        return new AlertEvent(
                firing.alertId() + "-resolved",
                firing.alertId(),
                firing.ruleId(),
                firing.rule(),
                firing.fingerprint(),
                AlertState.RESOLVED,
                AlertState.FIRING,
                firing.at().plusSeconds(600),
                firing.startsAt(),
                firing.at().plusSeconds(600),
                firing.labels(),
                firing.annotations(),
                firing.metric(),
                firing.service(),
                firing.condition(),
                new BigDecimal("241.0"),
                "ms",
                firing.threshold(),
                null,
                firing.errorBound(),
                new BigDecimal("19.67"),
                List.of(),
                firing.contactPoints(),
                firing.service() + " latency.p95 back to 241.0 ms");
    }

    /** A pending change (never notified). */
    public static AlertEvent pending(String alertId, String rule, List<String> cps) {
        AlertEvent f = firing(alertId, rule, "checkout", cps);
        return new AlertEvent(
                alertId + "-pending",
                alertId,
                f.ruleId(),
                rule,
                f.fingerprint(),
                AlertState.PENDING,
                null,
                T0,
                T0,
                null,
                f.labels(),
                f.annotations(),
                f.metric(),
                f.service(),
                f.condition(),
                f.value(),
                f.unit(),
                f.threshold(),
                null,
                f.errorBound(),
                f.headroomPercent(),
                List.of(),
                cps,
                "pending");
    }

    /** A pending change resolved before it fired. */
    public static AlertEvent resolvedWithoutFiring(String alertId, String rule, List<String> cps) {
        AlertEvent f = firing(alertId, rule, "checkout", cps);
        return new AlertEvent(
                alertId + "-resolved",
                alertId,
                f.ruleId(),
                rule,
                f.fingerprint(),
                AlertState.RESOLVED,
                AlertState.PENDING,
                T0.plusSeconds(60),
                T0,
                T0.plusSeconds(60),
                f.labels(),
                f.annotations(),
                f.metric(),
                f.service(),
                f.condition(),
                f.value(),
                f.unit(),
                f.threshold(),
                null,
                f.errorBound(),
                f.headroomPercent(),
                List.of(),
                cps,
                "gone");
    }
}
