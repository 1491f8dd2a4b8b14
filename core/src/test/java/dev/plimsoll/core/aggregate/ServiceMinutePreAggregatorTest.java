package dev.plimsoll.core.aggregate;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.concurrency.WindowConcurrency;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.users.UserIdHash;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceMinutePreAggregatorTest {

    private static final long MINUTE = 60_000_000L;
    private static final long T0 = 1_700_000_040L * 1_000_000L; // a whole UTC minute

    private static RequestEvent event(
            String tenant,
            String operation,
            long startMicros,
            double ms,
            boolean error,
            String user) {
        return new RequestEvent(
                "orders", operation, startMicros, ms, error ? 500 : 200, error, user, tenant);
    }

    private static ServiceMinuteKey key(String tenant, String operation, long window) {
        return new ServiceMinuteKey(tenant, "orders", operation, window);
    }

    @Test
    void anEventWithATenantCountsInFourRowsAndUsersOnlyOnWholeServiceRows() {
        ServiceMinutePreAggregator pre = new ServiceMinutePreAggregator();

        pre.add(event("acme", "GET /a", T0 + 5_000_000, 12.5, true, "alice"));

        Map<ServiceMinuteKey, ServiceMinuteAggregate> rows = pre.aggregates();
        assertThat(rows)
                .containsOnlyKeys(
                        key("", "", T0),
                        key("", "GET /a", T0),
                        key("acme", "", T0),
                        key("acme", "GET /a", T0));
        for (var row : rows.entrySet()) {
            assertThat(row.getValue().count()).isEqualTo(1);
            assertThat(row.getValue().errors()).isEqualTo(1);
            assertThat(row.getValue().latency().max()).isEqualTo(12.5);
            assertThat(row.getValue().tracksUsers()).isEqualTo(row.getKey().isWholeService());
        }
        assertThat(rows.get(key("acme", "", T0)).users().toArray())
                .containsExactly(UserIdHash.hash("alice"));
        assertThat(
                        ServiceMinutePreAggregator.rowKeys(
                                event("acme", "GET /a", T0 + 5_000_000, 12.5, true, "alice"),
                                MINUTE))
                .containsExactlyInAnyOrderElementsOf(rows.keySet());
    }

    @Test
    void anEventWithoutATenantCountsOnlyInTheAllTenantsRows() {
        ServiceMinutePreAggregator pre = new ServiceMinutePreAggregator();

        pre.add(event(null, "GET /a", T0, 1, false, null));
        pre.add(event("", "GET /a", T0, 1, false, null));

        assertThat(pre.aggregates()).containsOnlyKeys(key("", "", T0), key("", "GET /a", T0));
        assertThat(pre.aggregates().get(key("", "", T0)).count()).isEqualTo(2);
    }

    @Test
    void aLongRequestAddsInFlightTimeToLaterWindowsWithoutCountingThere() {
        ServiceMinutePreAggregator pre = new ServiceMinutePreAggregator();
        // Starts 10 s before the end of minute 0 and runs 70 s: 10 s, 60 s and 0 s... of minute 2?
        // [T0+50s, T0+120s): 10 s in minute 0, 60 s in minute 1, nothing in minute 2.
        pre.add(event(null, "GET /slow", T0 + 50_000_000, 70_000, false, "bob"));

        ServiceMinuteAggregate first = pre.aggregates().get(key("", "", T0));
        ServiceMinuteAggregate second = pre.aggregates().get(key("", "", T0 + MINUTE));
        assertThat(pre.aggregates()).doesNotContainKey(key("", "", T0 + 2 * MINUTE));
        assertThat(first.count()).isEqualTo(1);
        assertThat(first.concurrencyResult())
                .isEqualTo(new WindowConcurrency(T0, MINUTE, 1, 10_000_000));
        assertThat(second.count()).isZero();
        assertThat(second.users().isEmpty()).isTrue();
        assertThat(second.concurrencyResult())
                .isEqualTo(new WindowConcurrency(T0 + MINUTE, MINUTE, 1, 60_000_000));
        assertThat(second.concurrencyResult().meanInFlight()).isEqualTo(1.0);
        assertThat(second.minMsForRow()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(second.maxMsForRow()).isZero();
    }

    @Test
    void closedWindowsAreSkipped() {
        ServiceMinutePreAggregator pre = new ServiceMinutePreAggregator();

        boolean counted =
                pre.add(event(null, "op", T0 + 59_000_000, 2_000, false, null), T0 + MINUTE);

        assertThat(counted).isFalse();
        assertThat(pre.aggregates())
                .containsOnlyKeys(key("", "", T0 + MINUTE), key("", "op", T0 + MINUTE));
        assertThat(pre.aggregates().get(key("", "", T0 + MINUTE)).concurrency().inFlightMicros())
                .isEqualTo(1_000_000);
    }

    @Test
    void aRangeOfWindowsGetsExactlyItsPartOfAnEvent() {
        // [T0+50s, T0+190s): counted in minute 0 (10 s in flight), 60 s in minutes 1 and 2, 10 s
        // in minute 3
        RequestEvent e = event("acme", "op", T0 + 50_000_000, 140_000, true, "ann");

        ServiceMinutePreAggregator closed = new ServiceMinutePreAggregator();
        assertThat(closed.add(e, Long.MIN_VALUE, T0 + 2 * MINUTE)).isTrue();
        ServiceMinutePreAggregator open = new ServiceMinutePreAggregator();
        assertThat(open.add(e, T0 + 2 * MINUTE, Long.MAX_VALUE)).isFalse();
        ServiceMinutePreAggregator middle = new ServiceMinutePreAggregator();
        assertThat(middle.add(e, T0 + MINUTE, T0 + 3 * MINUTE)).isFalse();

        assertThat(closed.aggregates().keySet())
                .extracting(ServiceMinuteKey::windowStartMicros)
                .containsOnly(T0, T0 + MINUTE);
        assertThat(open.aggregates().keySet())
                .extracting(ServiceMinuteKey::windowStartMicros)
                .containsOnly(T0 + 2 * MINUTE, T0 + 3 * MINUTE);
        assertThat(middle.aggregates().keySet())
                .extracting(ServiceMinuteKey::windowStartMicros)
                .containsOnly(T0 + MINUTE, T0 + 2 * MINUTE);
        assertThat(closed.aggregates().get(key("acme", "", T0)).count()).isEqualTo(1);
        assertThat(open.aggregates().get(key("acme", "", T0 + 3 * MINUTE)).concurrencyResult())
                .isEqualTo(new WindowConcurrency(T0 + 3 * MINUTE, MINUTE, 1, 10_000_000));

        // the two halves are, window by window, what one pass over all windows gives
        ServiceMinutePreAggregator whole = new ServiceMinutePreAggregator();
        whole.add(e);
        Map<ServiceMinuteKey, ServiceMinuteAggregate> halves = new java.util.HashMap<>();
        halves.putAll(closed.aggregates());
        halves.putAll(open.aggregates());
        assertThat(halves).containsOnlyKeys(whole.aggregates().keySet());
        for (var row : whole.aggregates().entrySet()) {
            ServiceMinuteAggregate half = halves.get(row.getKey());
            assertThat(half.count()).isEqualTo(row.getValue().count());
            assertThat(half.errors()).isEqualTo(row.getValue().errors());
            assertThat(half.concurrencyResult()).isEqualTo(row.getValue().concurrencyResult());
            assertThat(half.latency().buckets()).isEqualTo(row.getValue().latency().buckets());
        }
    }

    /**
     * Pre-aggregating in several partial batches (drained and merged, through the binary state
     * encoding, as the streams job does) gives the same rows as one pass over all events.
     */
    @Test
    void drainedPartialAggregatesMergeIntoTheSameRows() throws DecodingException {
        Random random = new Random(4);
        RequestEvent[] events = new RequestEvent[5_000];
        for (int i = 0; i < events.length; i++) {
            events[i] =
                    event(
                            random.nextBoolean() ? "acme" : null,
                            "op" + random.nextInt(3),
                            T0 + (long) (random.nextDouble() * 3 * MINUTE),
                            random.nextDouble() * 5_000,
                            random.nextInt(10) == 0,
                            "user" + random.nextInt(300));
        }
        ServiceMinutePreAggregator once = new ServiceMinutePreAggregator();
        for (RequestEvent e : events) {
            once.add(e);
        }
        ServiceMinutePreAggregator batches = new ServiceMinutePreAggregator();
        Map<ServiceMinuteKey, ServiceMinuteAggregate> store = new java.util.HashMap<>();
        for (int i = 0; i < events.length; i++) {
            batches.add(events[i]);
            if (i % 700 == 0 || i == events.length - 1) {
                for (var drained : batches.drain().entrySet()) {
                    ServiceMinuteAggregate stored = store.get(drained.getKey());
                    if (stored == null) {
                        store.put(drained.getKey(), drained.getValue());
                    } else {
                        ServiceMinuteAggregate restored =
                                ServiceMinuteAggregate.fromBytes(stored.toBytes());
                        restored.merge(drained.getValue());
                        store.put(drained.getKey(), restored);
                    }
                }
            }
        }

        assertThat(batches.size()).isZero();
        assertThat(store).containsOnlyKeys(once.aggregates().keySet());
        for (var row : once.aggregates().entrySet()) {
            ServiceMinuteAggregate expected = row.getValue();
            ServiceMinuteAggregate actual = store.get(row.getKey());
            assertThat(actual.count()).isEqualTo(expected.count());
            assertThat(actual.errors()).isEqualTo(expected.errors());
            assertThat(actual.latency().buckets()).isEqualTo(expected.latency().buckets());
            assertThat(actual.concurrencyResult()).isEqualTo(expected.concurrencyResult());
            if (expected.tracksUsers()) {
                assertThat(actual.users().toArray()).isEqualTo(expected.users().toArray());
            }
        }
        long total =
                once.aggregates().entrySet().stream()
                        .filter(e -> e.getKey().tenant().isEmpty() && e.getKey().isWholeService())
                        .mapToLong(e -> e.getValue().count())
                        .sum();
        assertThat(total).isEqualTo(events.length);
    }

    @Test
    void aRequestFromAnotherWindowIsRejected() {
        ServiceMinuteAggregate aggregate = new ServiceMinuteAggregate(T0, MINUTE, 0);

        assertThatThrownBy(
                        () -> aggregate.addRequest(event(null, "op", T0 + MINUTE, 1, false, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the window");
        assertThatThrownBy(aggregate::users).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> aggregate.merge(new ServiceMinuteAggregate(T0, MINUTE, 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void corruptStateIsReportedAsADecodingError() {
        ServiceMinuteAggregate aggregate = new ServiceMinuteAggregate(T0, MINUTE, 10);
        aggregate.addRequest(event(null, "op", T0, 1, false, "u"));
        byte[] bytes = aggregate.toBytes();

        assertThatThrownBy(
                        () ->
                                ServiceMinuteAggregate.fromBytes(
                                        java.util.Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("trailing");
        assertThatThrownBy(
                        () ->
                                ServiceMinuteAggregate.fromBytes(
                                        java.util.Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(DecodingException.class)
                .hasMessageContaining("truncated");
    }
}
