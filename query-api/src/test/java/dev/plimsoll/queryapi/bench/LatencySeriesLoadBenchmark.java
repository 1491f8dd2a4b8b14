package dev.plimsoll.queryapi.bench;

import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.infra.testing.PlimsollServices;
import dev.plimsoll.queryapi.support.TestKeys;
import dev.plimsoll.read.clickhouse.ClickHouseUrl;
import dev.plimsoll.read.clickhouse.LatencyReader;
import dev.plimsoll.read.clickhouse.SeriesQuery;
import dev.plimsoll.read.params.Quantile;
import dev.plimsoll.read.params.Step;
import dev.plimsoll.read.params.TimeRange;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Load benchmark (a program, not a test): a 24 h series of per-minute P95 for one service,
 *
 * <ol>
 *   <li>through the HTTP API (what Grafana does: {@code GET .../latency?step=1m}),
 *   <li>the API's own read path without HTTP ({@link LatencyReader}: rollup SQL + core quantiles),
 *   <li>computed from raw events with {@code quantileTDigest(0.95)} on the same engine,
 * </ol>
 *
 * each timed over many sequential runs after a warm-up; plus the accuracy of both answers against
 * the exact per-minute P95 of the generated events.
 *
 * <p>Dataset: one UTC day (two days ago, inside every TTL), {@code bench.eventsPerMinute} requests
 * per minute (default 200, seed 7) at random instants, log-normal durations (median 50 ms, sigma
 * 1). Minute rows are built with core's pre-aggregator as the streams job does; the raw events go
 * to a table {@code bench_raw_events} created here.
 *
 * <p>Run (see benchmarks/README.md): {@code mvn -B -q -pl query-api -am verify -DskipTests
 * -Pload-benchmark}. Uses the shared test ClickHouse ({@code PLIMSOLL_CLICKHOUSE_URL} or the local
 * engine).
 */
public final class LatencySeriesLoadBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencySeriesLoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int perMinute = Integer.getInteger("bench.eventsPerMinute", 200);
        int warmup = Integer.getInteger("bench.warmup", 30);
        int runs = Integer.getInteger("bench.runs", 200);
        Instant day =
                LocalDate.now(ZoneOffset.UTC).minusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = day.plusSeconds(86_400);

        System.out.printf(Locale.ROOT, "Generating 24 h x %d requests/minute ...%n", perMinute);
        List<RequestEvent> events = events(day, perMinute);
        String url = PlimsollServices.clickhouse().createDatabase("bench");
        long t0 = System.nanoTime();
        int rows = MinuteRows.insert(url, events);
        System.out.printf(Locale.ROOT, "Inserted %d minute rows in %d ms%n", rows, ms(t0));

        ClickHouseUrl target = ClickHouseUrl.parse(url);
        try (Client raw =
                new Client.Builder()
                        .addEndpoint(target.endpoint())
                        .setUsername(target.options().getOrDefault("user", "default"))
                        .setPassword(target.options().getOrDefault("password", ""))
                        .setDefaultDatabase(target.database())
                        .compressServerResponse(false)
                        .compressClientRequest(false)
                        .build()) {
            raw.queryAll(
                    "CREATE TABLE bench_raw_events (service LowCardinality(String), ts"
                            + " DateTime64(6, 'UTC'), duration_ms Float64) ENGINE = MergeTree ORDER"
                            + " BY (service, ts)");
            t0 = System.nanoTime();
            raw.insert("bench_raw_events", tsv(events), ClickHouseFormat.TabSeparated)
                    .get(10, TimeUnit.MINUTES)
                    .close();
            System.out.printf(
                    Locale.ROOT, "Inserted %d raw events in %d ms%n", events.size(), ms(t0));

            double[] exact = exactMinuteP95(events, day);
            Map<String, Object> server = new HashMap<>();
            server.put("plimsoll.clickhouse.url", url);
            server.put("plimsoll.security.keys", TestKeys.config());
            server.put("micronaut.server.port", -1);
            try (ApplicationContext context = ApplicationContext.run(server, "bench")) {
                EmbeddedServer http = context.getBean(EmbeddedServer.class).start();
                HttpClient client = HttpClient.newHttpClient();
                URI uri =
                        URI.create(
                                http.getURL()
                                        + "/api/v1/services/bench/latency?from="
                                        + day
                                        + "&to="
                                        + end
                                        + "&step=1m&quantiles=0.95");
                HttpRequest request =
                        HttpRequest.newBuilder(uri)
                                .header("X-API-Key", TestKeys.READER)
                                .GET()
                                .build();
                Supplier<String> viaApi =
                        () -> {
                            try {
                                HttpResponse<String> r =
                                        client.send(request, HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() != 200) {
                                    throw new IllegalStateException(
                                            r.statusCode() + " " + r.body());
                                }
                                return r.body();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        };
                LatencyReader reader = context.getBean(LatencyReader.class);
                SeriesQuery query =
                        new SeriesQuery(
                                "",
                                "bench",
                                "",
                                new TimeRange(day, end),
                                Optional.of(Step.parse("1m")));
                List<Quantile> p95 = Quantile.parseList("0.95");
                Supplier<Object> viaReader = () -> reader.with(p95).read(query);
                String tdigestSql =
                        "SELECT toInt64(toUnixTimestamp(toStartOfMinute(ts))) AS t,"
                                + " quantileTDigest(0.95)(duration_ms) AS p95 FROM bench_raw_events"
                                + " WHERE service = {service:String} AND ts >= {from:DateTime64(6)}"
                                + " AND ts < {to:DateTime64(6)} GROUP BY t ORDER BY t";
                Map<String, Object> tdigestParams =
                        Map.of(
                                "service",
                                "bench",
                                "from",
                                day.getEpochSecond(),
                                "to",
                                end.getEpochSecond());
                Supplier<List<GenericRecord>> viaTDigest =
                        () -> raw.queryAll(tdigestSql, tdigestParams);

                double apiError = maxRelativeError(apiP95(viaApi.get()), exact);
                double tdigestError = maxRelativeError(tdigestP95(viaTDigest.get(), day), exact);
                long[] api = time(viaApi::get, warmup, runs);
                long[] direct = time(viaReader::get, warmup, runs);
                long[] tdigest = time(viaTDigest::get, warmup, runs);

                System.out.println();
                System.out.printf(
                        Locale.ROOT,
                        "load average %.1f, %d cores%n",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage(),
                        Runtime.getRuntime().availableProcessors());
                System.out.printf(
                        Locale.ROOT,
                        "24 h per-minute P95, %d requests (%d/minute), %d runs after %d warm-up,"
                                + " sequential%n",
                        events.size(),
                        perMinute,
                        runs,
                        warmup);
                System.out.println(
                        "| path | p50 ms | p95 ms | p99 ms | max ms | max relative error of P95 |");
                System.out.println("|---|---|---|---|---|---|");
                row("API over HTTP (rollup rows, core quantiles)", api, apiError);
                row("API read path without HTTP (LatencyReader)", direct, apiError);
                row("raw events, quantileTDigest(0.95)", tdigest, tdigestError);
            }
        }
        System.exit(0);
    }

    private static void row(String name, long[] nanos, double error) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %.1f | %.1f | %.1f | %.1f | %.3f %% |%n",
                name,
                percentile(nanos, 0.50),
                percentile(nanos, 0.95),
                percentile(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6,
                error * 100);
    }

    private static long[] time(Runnable action, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        long[] nanos = new long[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static double percentile(long[] sortedNanos, double q) {
        return sortedNanos[(int) Math.ceil(q * sortedNanos.length) - 1] / 1e6;
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static double[] apiP95(String body) throws Exception {
        double[] values = new double[1440];
        Arrays.fill(values, Double.NaN);
        JsonNode points = JSON.readTree(body).get("points");
        Instant first = Instant.parse(points.get(0).get("t").asText());
        for (JsonNode p : points) {
            int minute =
                    (int)
                            ((Instant.parse(p.get("t").asText()).getEpochSecond()
                                            - first.getEpochSecond())
                                    / 60);
            values[minute] = p.get("p95").asDouble();
        }
        return values;
    }

    private static double[] tdigestP95(List<GenericRecord> rows, Instant day) {
        double[] values = new double[1440];
        Arrays.fill(values, Double.NaN);
        for (GenericRecord row : rows) {
            values[(int) ((row.getLong("t") - day.getEpochSecond()) / 60)] = row.getDouble("p95");
        }
        return values;
    }

    private static double maxRelativeError(double[] estimate, double[] exact) {
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            if (!Double.isNaN(exact[i])) {
                max = Math.max(max, Math.abs(estimate[i] - exact[i]) / exact[i]);
            }
        }
        return max;
    }

    /** The exact lower P95 (rank floor(0.95 (n - 1))) of each minute. */
    private static double[] exactMinuteP95(List<RequestEvent> events, Instant day) {
        List<List<Double>> minutes = new ArrayList<>();
        for (int i = 0; i < 1440; i++) {
            minutes.add(new ArrayList<>());
        }
        long dayMicros = day.getEpochSecond() * 1_000_000L;
        for (RequestEvent e : events) {
            minutes.get((int) ((e.startMicros() - dayMicros) / 60_000_000L)).add(e.durationMs());
        }
        double[] exact = new double[1440];
        for (int i = 0; i < 1440; i++) {
            List<Double> values = minutes.get(i);
            values.sort(null);
            exact[i] =
                    values.isEmpty()
                            ? Double.NaN
                            : values.get((int) Math.floor(0.95 * (values.size() - 1)));
        }
        return exact;
    }

    private static List<RequestEvent> events(Instant day, int perMinute) {
        Random random = new Random(7);
        long dayMicros = day.getEpochSecond() * 1_000_000L;
        List<RequestEvent> events = new ArrayList<>(1440 * perMinute);
        for (int minute = 0; minute < 1440; minute++) {
            for (int i = 0; i < perMinute; i++) {
                long start =
                        dayMicros
                                + minute * 60_000_000L
                                + (long) (random.nextDouble() * 60_000_000L);
                events.add(
                        new RequestEvent(
                                "bench",
                                "GET /bench",
                                start,
                                50 * Math.exp(random.nextGaussian()),
                                200,
                                false,
                                "user-" + random.nextInt(10_000),
                                null));
            }
        }
        return events;
    }

    private static ByteArrayInputStream tsv(List<RequestEvent> events) {
        StringBuilder out = new StringBuilder(events.size() * 48);
        for (RequestEvent e : events) {
            out.append(e.service())
                    .append('\t')
                    .append(e.startMicros() / 1_000_000L)
                    .append('.')
                    .append(String.format(Locale.ROOT, "%06d", e.startMicros() % 1_000_000L))
                    .append('\t')
                    .append(e.durationMs())
                    .append('\n');
        }
        return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
    }
}
