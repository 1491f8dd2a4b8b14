package dev.plimsoll.benchmarks.load;

import dev.plimsoll.core.telemetry.RequestEvent;

import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
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
        Map<Key, long[]> services = new HashMap<>();
        Map<Key, long[]> minutes = new HashMap<>();
        Map<Key, long[]> operations = new HashMap<>();
        Map<Key, long[]> tenants = new HashMap<>();
        Map<String, double[]> durations = new HashMap<>();
        Map<String, Integer> filled = new HashMap<>();
        long total = 0;
        for (int i = 0; i < events.size(); i++) {
            if (rejected.get(i)) {
                continue;
            }
            RequestEvent e = events.get(i);
            String s = e.service();
            long error = e.error() ? 1 : 0;
            count(services, Key.service(s), error);
            Instant minute =
                    Instant.ofEpochSecond(Math.floorDiv(e.startMicros(), 60_000_000L) * 60);
            count(minutes, new Key(s, null, null, minute), error);
            count(operations, new Key(s, e.operation(), null, null), error);
            if (e.tenant() != null) {
                count(tenants, new Key(s, null, e.tenant(), null), error);
            }
            total++;
        }
        services.forEach((k, c) -> durations.put(k.service(), new double[(int) c[0]]));
        for (int i = 0; i < events.size(); i++) {
            if (!rejected.get(i)) {
                RequestEvent e = events.get(i);
                int at = filled.merge(e.service(), 1, Integer::sum) - 1;
                durations.get(e.service())[at] = e.durationMs();
            }
        }
        durations.values().forEach(Arrays::sort);
        Map<String, Long> allowance = new HashMap<>();
        for (int[] range : retried) {
            for (int i = range[0]; i < range[1]; i++) {
                allowance.merge(events.get(i).service(), 1L, Long::sum);
            }
        }
        return new Expectations(
                tallies(services),
                tallies(minutes),
                tallies(operations),
                tallies(tenants),
                durations,
                allowance,
                total);
    }

    private static void count(Map<Key, long[]> counts, Key key, long error) {
        long[] c = counts.computeIfAbsent(key, k -> new long[2]);
        c[0]++;
        c[1] += error;
    }

    /** Sorted by their text, for readable messages. */
    private static Map<Key, Tally> tallies(Map<Key, long[]> counts) {
        Map<Key, Tally> sorted = new TreeMap<>(Comparator.comparing(Key::toString));
        counts.forEach((k, c) -> sorted.put(k, new Tally(c[0], c[1])));
        return sorted;
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
