package dev.plimsoll.ingest.ops;

import dev.plimsoll.core.telemetry.TelemetryTopics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A snapshot of the ingest meters, read from the registry, by topic and endpoint. */
record Counts(
        Map<String, Double> accepted,
        Map<String, Double> rejected,
        Map<String, Double> deadLetters,
        Map<String, Double> publishFailures,
        Map<String, Bodies> bodies) {

    record Bodies(long count, double bytes) {}

    private static final List<String> TOPICS =
            List.of(TelemetryTopics.REQUESTS, TelemetryTopics.COSTS, TelemetryTopics.DEPLOYS);

    static Counts of(MeterRegistry registry) {
        Map<String, Bodies> bodies = new HashMap<>();
        for (DistributionSummary s : registry.find("plimsoll.ingest.request.body").summaries()) {
            bodies.put(s.getId().getTag("endpoint"), new Bodies(s.count(), s.totalAmount()));
        }
        return new Counts(
                byTopic(registry, "plimsoll.ingest.records.accepted"),
                byTopic(registry, "plimsoll.ingest.records.rejected"),
                byTopic(registry, "plimsoll.ingest.dead.letters"),
                byTopic(registry, "plimsoll.ingest.publish.failures"),
                bodies);
    }

    private static Map<String, Double> byTopic(MeterRegistry registry, String name) {
        Map<String, Double> counts = new HashMap<>();
        for (String topic : TOPICS) {
            Counter c = registry.find(name).tag("topic", topic).counter();
            // NaN when absent: the counters must exist from startup, before any request
            counts.put(topic, c == null ? Double.NaN : c.count());
        }
        return counts;
    }

    /** This snapshot minus an earlier one; endpoints that did not move are left out. */
    Counts minus(Counts before) {
        Map<String, Bodies> bodiesDelta = new HashMap<>();
        bodies.forEach(
                (endpoint, now) -> {
                    Bodies then = before.bodies.getOrDefault(endpoint, new Bodies(0, 0));
                    if (now.count() != then.count()) {
                        bodiesDelta.put(
                                endpoint,
                                new Bodies(now.count() - then.count(), now.bytes() - then.bytes()));
                    }
                });
        return new Counts(
                minus(accepted, before.accepted),
                minus(rejected, before.rejected),
                minus(deadLetters, before.deadLetters),
                minus(publishFailures, before.publishFailures),
                bodiesDelta);
    }

    private static Map<String, Double> minus(Map<String, Double> now, Map<String, Double> then) {
        Map<String, Double> delta = new HashMap<>();
        now.forEach((topic, value) -> delta.put(topic, value - then.get(topic)));
        return delta;
    }
}
