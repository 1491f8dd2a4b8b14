package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the API must answer for one block of sent events, computed from the raw events alone (no
 * Plimsoll code): requests and errors per service, per service and minute, per operation and, with
 * tenants, per tenant and service; the sorted durations of each service for exact quantiles.
 *
 * <p>Events the server rejected are left out. Events of a request that was answered 503 (or failed
 * on the wire) and then retried may be in Kafka twice — the ingest contract is at-least-once for
 * such requests — so each of their copies raises the {@linkplain #allowance(String) allowance} of
 * their service; with no retries the allowance is 0 and every count must be exact.
 */
final class Expectations {

    /** Requests and errors. */
    record Tally(long count, long errors) {
        static final Tally ZERO = new Tally(0, 0);

        Tally plus(boolean error) {
            return new Tally(count + 1, errors + (error ? 1 : 0));
        }
    }

    /**
     * What a tally is of: a {@code service}, narrowed by {@code operation}, {@code tenant} or
     * {@code minute} when not null.
     */
    record Key(String service, String operation, String tenant, Instant minute) {
        static Key service(String service) {
            return new Key(service, null, null, null);
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder(service);
            if (operation != null) {
                s.append(" / ").append(operation);
            }
            if (tenant != null) {
                s.append(" tenant ").append(tenant);
            }
            if (minute != null) {
                s.append(" @ ").append(minute);
            }
            return s.toString();
        }
    }

    private final Map<Key, Tally> services;
    private final Map<Key, Tally> minutes;
    private final Map<Key, Tally> operations;
    private final Map<Key, Tally> tenants;
    private final Map<String, double[]> durations;
    private final Map<String, Long> allowance;
    private final long total;

    private Expectations(
            Map<Key, Tally> services,
            Map<Key, Tally> minutes,
            Map<Key, Tally> operations,
            Map<Key, Tally> tenants,
            Map<String, double[]> durations,
            Map<String, Long> allowance,
            long total) {
        this.services = services;
        this.minutes = minutes;
        this.operations = operations;
        this.tenants = tenants;
        this.durations = durations;
        this.allowance = allowance;
        this.total = total;
    }

    /**
     * @param events the events sent, in order
     * @param rejected indexes of events the server rejected (not in Kafka)
     * @param retried {@code [from, to)} index ranges of requests that failed and were sent again,
     *     one entry per failed attempt
     */
    static Expectations of(List<RequestEvent> events, BitSet rejected, List<int[]> retried) {
        Map<Key, Tally> services = new TreeMap<>(BY_TEXT);
        Map<Key, Tally> minutes = new TreeMap<>(BY_TEXT);
        Map<Key, Tally> operations = new TreeMap<>(BY_TEXT);
        Map<Key, Tally> tenants = new TreeMap<>(BY_TEXT);
        Map<String, List<Double>> durations = new HashMap<>();
        long total = 0;
        for (int i = 0; i < events.size(); i++) {
            if (rejected.get(i)) {
                continue;
            }
            RequestEvent e = events.get(i);
            String s = e.service();
            boolean error = e.error();
            services.merge(Key.service(s), Tally.ZERO.plus(error), Expectations::sum);
            Instant minute =
                    Instant.ofEpochSecond(Math.floorDiv(e.startMicros(), 60_000_000L) * 60);
            minutes.merge(
                    new Key(s, null, null, minute), Tally.ZERO.plus(error), Expectations::sum);
            operations.merge(
                    new Key(s, e.operation(), null, null),
                    Tally.ZERO.plus(error),
                    Expectations::sum);
            if (e.tenant() != null) {
                tenants.merge(
                        new Key(s, null, e.tenant(), null),
                        Tally.ZERO.plus(error),
                        Expectations::sum);
            }
            durations.computeIfAbsent(s, k -> new ArrayList<>()).add(e.durationMs());
            total++;
        }
        Map<String, double[]> sorted = new HashMap<>();
        durations.forEach(
                (s, list) -> {
                    double[] d = list.stream().mapToDouble(Double::doubleValue).toArray();
                    Arrays.sort(d);
                    sorted.put(s, d);
                });
        Map<String, Long> allowance = new HashMap<>();
        for (int[] range : retried) {
            for (int i = range[0]; i < range[1]; i++) {
                allowance.merge(events.get(i).service(), 1L, Long::sum);
            }
        }
        return new Expectations(services, minutes, operations, tenants, sorted, allowance, total);
    }

    private static final java.util.Comparator<Key> BY_TEXT =
            java.util.Comparator.comparing(Key::toString);

    private static Tally sum(Tally a, Tally b) {
        return new Tally(a.count() + b.count(), a.errors() + b.errors());
    }

    Map<Key, Tally> services() {
        return services;
    }

    Map<Key, Tally> minutes() {
        return minutes;
    }

    Map<Key, Tally> operations() {
        return operations;
    }

    Map<Key, Tally> tenants() {
        return tenants;
    }

    /** The sorted durations of a service's events. */
    double[] durations(String service) {
        return durations.getOrDefault(service, new double[0]);
    }

    /** How many more requests than expected a service may show (0: exact). */
    long allowance(String service) {
        return allowance.getOrDefault(service, 0L);
    }

    /** Whether every count must be exact (no request was retried). */
    boolean exact() {
        return allowance.isEmpty();
    }

    /** Events expected in the API. */
    long total() {
        return total;
    }
}
