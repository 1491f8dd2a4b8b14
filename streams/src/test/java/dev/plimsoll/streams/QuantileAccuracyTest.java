package dev.plimsoll.streams;

import dev.plimsoll.core.aggregate.ServiceMinuteAggregate;
import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.core.aggregate.ServiceMinutePreAggregator;
import dev.plimsoll.core.latency.LatencyHistogram;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.ClickHouseService;
import dev.plimsoll.infra.testing.KafkaService;
import dev.plimsoll.infra.testing.PlimsollServicesExtension;
import dev.plimsoll.streams.minute.Rows;
import dev.plimsoll.streams.row.ServiceMinuteRow;
import dev.plimsoll.streams.sink.ClickHouseSink;
import dev.plimsoll.streams.sink.ClickHouseSinkSettings;
import dev.plimsoll.streams.testing.TestClients;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * P50, P95 and P99 read back from ClickHouse are within 1 % of the exact values, over a minute, an
 * hour, a day and two days, for one million lognormal and one million bimodal latencies (seeded).
 *
 * <p>To keep the test fast, the events do not travel through Kafka: they are aggregated in-process
 * with the topology's own aggregation code (core's {@link ServiceMinutePreAggregator} and {@link
 * Rows#toRow}), and the resulting minute rows (2 × 2 × 2 880) go through the real path from there:
 * JSON on a Kafka topic, the {@link ClickHouseSink}, {@code service_minute} and its materialized
 * rollups. Quantiles are computed from {@code sumMap(buckets)} with core's {@link
 * LatencyHistogram#quantiles}; exact values come from the sorted durations (the element at rank
 * {@code floor(q × (n − 1))}, the rank core's quantile uses).
 */
@ExtendWith(PlimsollServicesExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuantileAccuracyTest {

    private static final int EVENTS = 1_000_000;
    private static final double[] QUANTILES = {0.50, 0.95, 0.99};

    /** Two whole UTC days, ending at the last midnight (younger than the minute table's TTL). */
    private static final Instant DAY_1 =
            Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

    private static final long SPAN_MICROS = Duration.ofDays(2).toMillis() * 1000;

    private final Map<String, double[]> durationsByStart = new HashMap<>();
    private final Map<String, long[]> startsByService = new HashMap<>();
    private String url;

    @BeforeAll
    void aggregateAndStore(KafkaService kafka, ClickHouseService clickhouse) {
        url = clickhouse.createDatabase("accuracy");
        String bootstrap = kafka.bootstrapServers();
        String topic = TestClients.uniqueTopic("accuracy-rows");
        TestClients.createTopic(bootstrap, topic, 2);

        Random random = new Random(1_000_003);
        DoubleSupplier lognormal = () -> Math.exp(Math.log(20) + random.nextGaussian());
        DoubleSupplier bimodal =
                () ->
                        random.nextDouble() < 0.7
                                ? Math.max(0.05, 5 + random.nextGaussian())
                                : Math.max(0.05, 300 + 30 * random.nextGaussian());
        List<ServiceMinuteRow> rows = new ArrayList<>();
        rows.addAll(aggregate("lognormal", lognormal, random));
        rows.addAll(aggregate("bimodal", bimodal, random));
        TestClients.produceRows(bootstrap, topic, rows);

        ClickHouseSinkSettings settings =
                ClickHouseSinkSettings.defaults(bootstrap, url).toBuilder()
                        .topic(topic)
                        .groupId("sink-" + topic)
                        .batchRows(2_000)
                        .batchInterval(Duration.ofMillis(500))
                        .build();
        try (ClickHouseSink sink = new ClickHouseSink(settings)) {
            sink.start();
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> sink.stats().rowsInserted() == rows.size());
        }
    }

    /** Aggregates EVENTS durations of one service spread evenly over the two days. */
    private List<ServiceMinuteRow> aggregate(String service, DoubleSupplier latency, Random r) {
        long start = DAY_1.toEpochMilli() * 1000;
        double[] durations = new double[EVENTS];
        long[] starts = new long[EVENTS];
        ServiceMinutePreAggregator aggregator = new ServiceMinutePreAggregator();
        for (int i = 0; i < EVENTS; i++) {
            starts[i] = start + (long) (r.nextDouble() * SPAN_MICROS);
            durations[i] = latency.getAsDouble();
            aggregator.add(
                    new RequestEvent(
                            service, "op", starts[i], durations[i], 200, false, null, null));
        }
        durationsByStart.put(service, durations);
        startsByService.put(service, starts);
        List<ServiceMinuteRow> rows = new ArrayList<>();
        for (Map.Entry<ServiceMinuteKey, ServiceMinuteAggregate> e :
                aggregator.drain().entrySet()) {
            rows.add(Rows.toRow(e.getKey(), e.getValue()));
        }
        return rows;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lognormal", "bimodal"})
    void quantilesOfMinutesFromTheMinuteTableAreWithinOnePercent(String service) throws Exception {
        for (Instant minute :
                List.of(
                        DAY_1,
                        DAY_1.plus(Duration.ofMinutes(1_439)),
                        DAY_1.plus(Duration.ofHours(30).plusMinutes(7)))) {
            check(
                    service,
                    minute,
                    minute.plus(Duration.ofMinutes(1)),
                    "SELECT sumMap(buckets), sum(zero_count), min(min_ms), max(max_ms) FROM"
                            + " service_minute FINAL WHERE service = ? AND operation = 'op' AND"
                            + " minute = toDateTime(?)",
                    minute.getEpochSecond());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lognormal", "bimodal"})
    void quantilesOfHoursFromTheHourRollupAreWithinOnePercent(String service) throws Exception {
        for (Instant hour :
                List.of(
                        DAY_1,
                        DAY_1.plus(Duration.ofHours(23)),
                        DAY_1.plus(Duration.ofHours(40)))) {
            check(
                    service,
                    hour,
                    hour.plus(Duration.ofHours(1)),
                    "SELECT sumMap(buckets), sum(zero_count), min(min_ms), max(max_ms) FROM"
                            + " service_hour WHERE service = ? AND operation = 'op' AND hour ="
                            + " toDateTime(?)",
                    hour.getEpochSecond());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lognormal", "bimodal"})
    void quantilesOfDaysFromTheDayRollupAreWithinOnePercent(String service) throws Exception {
        for (Instant day : List.of(DAY_1, DAY_1.plus(Duration.ofDays(1)))) {
            check(
                    service,
                    day,
                    day.plus(Duration.ofDays(1)),
                    "SELECT sumMap(buckets), sum(zero_count), min(min_ms), max(max_ms) FROM"
                            + " service_day WHERE service = ? AND operation = 'op' AND day ="
                            + " toDate(toDateTime(?))",
                    day.getEpochSecond());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lognormal", "bimodal"})
    void quantilesOfBothDaysFromTheMinuteTableAreWithinOnePercent(String service) throws Exception {
        check(
                service,
                DAY_1,
                DAY_1.plus(Duration.ofDays(2)),
                "SELECT sumMap(buckets), sum(zero_count), min(min_ms), max(max_ms) FROM"
                        + " service_minute FINAL WHERE service = ? AND operation = '' AND minute"
                        + " >= toDateTime(?)",
                DAY_1.getEpochSecond());
    }

    private void check(String service, Instant from, Instant to, String sql, long parameter)
            throws SQLException {
        double[] exact = exactQuantiles(service, from, to);
        double[] measured;
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, service);
            s.setLong(2, parameter);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                Map<Integer, Long> buckets = new HashMap<>();
                ((Map<?, ?>) rs.getObject(1))
                        .forEach(
                                (k, v) ->
                                        buckets.put(
                                                ((Number) k).intValue(), ((Number) v).longValue()));
                measured =
                        LatencyHistogram.quantiles(
                                buckets,
                                rs.getLong(2),
                                rs.getDouble(3),
                                rs.getDouble(4),
                                QUANTILES);
            }
        }
        for (int i = 0; i < QUANTILES.length; i++) {
            System.out.printf(
                    "accuracy %s p%d [%s, %s): exact %.4f ms, from ClickHouse %.4f ms, error %.3f"
                            + " %%%n",
                    service,
                    (int) (QUANTILES[i] * 100),
                    from,
                    to,
                    exact[i],
                    measured[i],
                    100 * Math.abs(measured[i] - exact[i]) / exact[i]);
            assertThat(Math.abs(measured[i] - exact[i]) / exact[i])
                    .as(
                            "%s p%s over [%s, %s): exact %s, from ClickHouse %s",
                            service, (int) (QUANTILES[i] * 100), from, to, exact[i], measured[i])
                    .isLessThanOrEqualTo(LatencyHistogram.RELATIVE_ACCURACY);
        }
    }

    private double[] exactQuantiles(String service, Instant from, Instant to) {
        long lo = from.toEpochMilli() * 1000;
        long hi = to.toEpochMilli() * 1000;
        long[] starts = startsByService.get(service);
        double[] durations = durationsByStart.get(service);
        double[] in = new double[starts.length];
        int n = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] >= lo && starts[i] < hi) {
                in[n++] = durations[i];
            }
        }
        assertThat(n).as("events in range").isGreaterThan(100);
        double[] sorted = Arrays.copyOf(in, n);
        Arrays.sort(sorted);
        double[] q = new double[QUANTILES.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = sorted[(int) Math.floor(QUANTILES[i] * (n - 1))];
        }
        return q;
    }
}
