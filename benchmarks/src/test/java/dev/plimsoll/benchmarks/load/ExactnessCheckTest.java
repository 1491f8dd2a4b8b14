package dev.plimsoll.benchmarks.load;

import dev.plimsoll.benchmarks.load.ExactnessCheck.Mismatch;
import dev.plimsoll.benchmarks.load.Expectations.Key;
import dev.plimsoll.benchmarks.load.Expectations.Tally;
import dev.plimsoll.core.telemetry.RequestEvent;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class ExactnessCheckTest {

    private static final long M0 =
            Instant.parse("2026-03-01T12:00:00Z").getEpochSecond() * 1_000_000;
    private static final long MINUTE = 60_000_000L;

    private static RequestEvent event(
            String service, String op, long start, double ms, int status, String tenant) {
        return new RequestEvent(service, op, start, ms, status, status >= 500, "u", tenant);
    }

    /** Six events; hand-counted figures below. */
    private static final List<RequestEvent> EVENTS =
            List.of(
                    event("orders", "GET /o", M0 + 1, 10, 200, "a"),
                    event("orders", "GET /o", M0 + MINUTE - 1, 20, 503, "b"),
                    event("orders", "POST /o", M0 + MINUTE, 30, 200, "a"),
                    event("search", "GET /s", M0 + 5, 40, 500, null),
                    event("search", "GET /s", M0 + 2 * MINUTE, 50, 404, null),
                    event("search", "GET /s", M0 + 2 * MINUTE + 7, 60, 200, null));

    private static Key service(String s) {
        return Key.service(s);
    }

    private static Key minute(String s, int k) {
        return new Key(s, null, null, Instant.ofEpochSecond(M0 / 1_000_000 + 60L * k));
    }

    @Test
    void expectationsCountEveryEventOnceBySliceOfTheData() {
        Expectations e = Expectations.of(EVENTS, new BitSet(), List.of());

        assertThat(e.total()).isEqualTo(6);
        assertThat(e.exact()).isTrue();
        assertThat(e.services())
                .containsOnly(
                        entry(service("orders"), new Tally(3, 1)),
                        entry(service("search"), new Tally(3, 1)));
        assertThat(e.minutes())
                .containsOnly(
                        entry(minute("orders", 0), new Tally(2, 1)),
                        entry(minute("orders", 1), new Tally(1, 0)),
                        entry(minute("search", 0), new Tally(1, 1)),
                        entry(minute("search", 2), new Tally(2, 0)));
        assertThat(e.operations())
                .containsOnly(
                        entry(new Key("orders", "GET /o", null, null), new Tally(2, 1)),
                        entry(new Key("orders", "POST /o", null, null), new Tally(1, 0)),
                        entry(new Key("search", "GET /s", null, null), new Tally(3, 1)));
        assertThat(e.tenants())
                .containsOnly(
                        entry(new Key("orders", null, "a", null), new Tally(2, 0)),
                        entry(new Key("orders", null, "b", null), new Tally(1, 1)));
        assertThat(e.durations("search")).containsExactly(40, 50, 60);
    }

    @Test
    void rejectedEventsAreNotExpectedAndRetriedOnesWidenTheirServicesAllowance() {
        BitSet rejected = new BitSet();
        rejected.set(3);
        Expectations e =
                Expectations.of(EVENTS, rejected, List.of(new int[] {0, 2}, new int[] {1, 3}));

        assertThat(e.total()).isEqualTo(5);
        assertThat(e.services().get(service("search"))).isEqualTo(new Tally(2, 0));
        assertThat(e.exact()).isFalse();
        assertThat(e.allowance("orders")).isEqualTo(4);
        assertThat(e.allowance("search")).isZero();
    }

    @Test
    void equalFiguresPass() {
        Expectations e = Expectations.of(EVENTS, new BitSet(), List.of());

        assertThat(ExactnessCheck.compare(e.minutes(), Map.copyOf(e.minutes()), s -> 0)).isEmpty();
    }

    @Test
    void aMissingRequestIsALoss() {
        Map<Key, Tally> expected = Map.of(service("orders"), new Tally(3, 1));

        List<Mismatch> m =
                ExactnessCheck.compare(
                        expected, Map.of(service("orders"), new Tally(2, 1)), s -> 0);

        assertThat(m).singleElement().satisfies(x -> assertThat(x.missing()).isTrue());
        assertThat(m.get(0).describe())
                .isEqualTo(
                        "orders: expected 3 requests (1 errors), API answered 2 (1 errors) —"
                                + " missing 1");
    }

    @Test
    void anAbsentKeyCountsAsZero() {
        List<Mismatch> m =
                ExactnessCheck.compare(
                        Map.of(service("orders"), new Tally(3, 1)), Map.of(), s -> 0);

        assertThat(m)
                .singleElement()
                .satisfies(x -> assertThat(x.observed()).isEqualTo(Tally.ZERO));
    }

    @Test
    void oneRequestTooManyIsADoubleCount() {
        List<Mismatch> m =
                ExactnessCheck.compare(
                        Map.of(service("orders"), new Tally(3, 1)),
                        Map.of(service("orders"), new Tally(4, 1)),
                        s -> 0);

        assertThat(m).singleElement().satisfies(x -> assertThat(x.extra()).isTrue());
        assertThat(m.get(0).describe()).endsWith("counted twice: 1 extra");
    }

    @Test
    void retriedRequestsMayAppearTwiceButNoMore() {
        Map<Key, Tally> expected = Map.of(service("orders"), new Tally(3, 1));

        assertThat(
                        ExactnessCheck.compare(
                                expected, Map.of(service("orders"), new Tally(5, 2)), s -> 2))
                .isEmpty();
        List<Mismatch> m =
                ExactnessCheck.compare(
                        expected, Map.of(service("orders"), new Tally(6, 2)), s -> 2);
        assertThat(m).singleElement().satisfies(x -> assertThat(x.extra()).isTrue());
        assertThat(m.get(0).describe()).contains("+ up to 2 retried");
    }

    @Test
    void equalCountsWithOtherErrorCountsFail() {
        List<Mismatch> m =
                ExactnessCheck.compare(
                        Map.of(service("orders"), new Tally(3, 1)),
                        Map.of(service("orders"), new Tally(3, 0)),
                        s -> 0);

        assertThat(m)
                .singleElement()
                .satisfies(x -> assertThat(x.describe()).endsWith("errors differ"));
    }

    @Test
    void requestsInAMinuteThatHadNoneFailEvenWhenTheTotalIsRight() {
        Expectations e = Expectations.of(EVENTS, new BitSet(), List.of());
        Map<Key, Tally> observed = new LinkedHashMap<>(e.minutes());
        observed.put(minute("orders", 1), Tally.ZERO);
        observed.put(minute("orders", 2), new Tally(1, 0)); // landed a minute late

        List<Mismatch> m = ExactnessCheck.compare(e.minutes(), observed, s -> 0);

        assertThat(m)
                .extracting(Mismatch::key)
                .containsExactly(minute("orders", 1), minute("orders", 2));
    }

    @Test
    void quantilesAreJudgedAgainstTheExactLowerQuantile() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1; // 1 … 100
        }

        assertThat(ExactnessCheck.exactQuantile(sorted, 0.95)).isEqualTo(95); // rank floor(94.05)
        assertThat(ExactnessCheck.exactQuantile(sorted, 0.5)).isEqualTo(50); // rank floor(49.5)
        assertThat(ExactnessCheck.quantileProblem("orders", 0.95, sorted, 95.9, 0.01)).isEmpty();
        assertThat(ExactnessCheck.quantileProblem("orders", 0.95, sorted, 94.1, 0.01)).isEmpty();
        assertThat(ExactnessCheck.quantileProblem("orders", 0.95, sorted, 96.2, 0.01))
                .hasValue(
                        "orders: P95 96.200 ms is 1.263 % off the exact 95.000 ms (allowed 1.00"
                                + " %)");
        assertThat(ExactnessCheck.relativeError(0.5, sorted, 50.25)).isEqualTo(0.005);
        assertThat(ExactnessCheck.percent(0.999)).isEqualTo("99.9");
        assertThat(ExactnessCheck.percent(0.5)).isEqualTo("50");
    }
}
