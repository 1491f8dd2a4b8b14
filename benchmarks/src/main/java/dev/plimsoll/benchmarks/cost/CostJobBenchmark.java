package dev.plimsoll.benchmarks.cost;

import dev.plimsoll.core.telemetry.CostImports;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.cost.CostJobSettings;
import dev.plimsoll.cost.CostService;
import dev.plimsoll.infra.clickhouse.ClickHouseMigrations;
import dev.plimsoll.infra.clickhouse.LocalClickHouse;
import dev.plimsoll.infra.kafka.KafkaTopics;
import dev.plimsoll.infra.kafka.LocalKafka;
import dev.plimsoll.streams.StreamsService;
import dev.plimsoll.streams.StreamsSettings;

import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Throughput and latency of the Flink cost job, side by side with the Kafka Streams job in the same
 * run (a {@code main}, not JMH: it needs Kafka and ClickHouse; it starts the local engines of
 * {@code infra} in a temporary directory). Seeded data of one UTC day two days back:
 *
 * <ol>
 *   <li><b>Kafka Streams job</b> on the request events: events/s until its committed offsets reach
 *       the end of the topic (exactly-once commits, once a second).
 *   <li><b>Cost job, request events</b>: events/s until the day's row in {@code cost_day} counts
 *       every request (24 shared hourly costs give the day a row).
 *   <li><b>Cost job, cost records</b> as JSON records (one {@code recordId} each), and as one FOCUS
 *       import of the same number of rows (one billing account and period): records/s until the
 *       day's total equals their exact sum.
 *   <li><b>Data → provisional result</b>: the cost job with its default settings (emit delay and
 *       traffic flush 5 s, sink flush 1 s) running live; a cost record of the current hour for a
 *       new service, then a request of it: time from Kafka's acknowledgement until the row is in
 *       {@code cost_hour}, and until it counts the request.
 * </ol>
 *
 * Each job reads its topics from the beginning on an embedded MiniCluster (parallelism 2); job
 * start (about 2–4 s) is measured apart from processing: rates count from the moment the job is
 * RUNNING. See benchmarks/README.md, "Cost job".
 */
@Command(
        name = "cost-benchmark",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Throughput and latency of the Flink cost job next to the Kafka Streams job.")
public final class CostJobBenchmark implements Callable<Integer> {

    private static final String[] SERVICES = {
        "catalog",
        "search",
        "orders",
        "checkout",
        "accounts",
        "inventory",
        "payments",
        "notifications"
    };

    @Option(
            names = "--requests",
            defaultValue = "1000000",
            description = "Request events (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--costs",
            defaultValue = "100000",
            description = "Cost records, each way (default: ${DEFAULT-VALUE}).")
    int costs;

    @Option(
            names = "--users",
            defaultValue = "20000",
            description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(
            names = "--latency-samples",
            defaultValue = "5",
            description = "Provisional-latency samples (default: ${DEFAULT-VALUE}).")
    int latencySamples;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--timeout",
            defaultValue = "PT10M",
            description = "Longest wait per phase, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--report",
            defaultValue = "target/cost-benchmark.md",
            description = "Markdown report (default: ${DEFAULT-VALUE}).")
    Path report;

    private final List<String> rows = new ArrayList<>();
    private LocalDate day;
    private Instant dayStart;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CostJobBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("plimsoll-cost-bench");
        day = LocalDate.now(ZoneOffset.UTC).minusDays(2);
        dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        say(
                "machine: %d cores, load average %.1f; Java %s",
                Runtime.getRuntime().availableProcessors(),
                load(),
                System.getProperty("java.version"));
        try (LocalKafka kafka = LocalKafka.start(dir.resolve("kafka"));
                LocalClickHouse clickhouse = LocalClickHouse.start(dir.resolve("clickhouse"))) {
            String bootstrap = kafka.bootstrapServers();
            String db = "costbench";
            ClickHouseMigrations.apply(clickhouse.jdbcUrl(), db);
            String url = clickhouse.jdbcUrl(db);
            String run = Long.toString(System.currentTimeMillis(), 36);
            String requestsTopic = "bench-requests-" + run;
            String hourlyTopic = "bench-hourly-" + run;
            String jsonTopic = "bench-costs-json-" + run;
            String importTopic = "bench-costs-import-" + run;
            String emptyTopic = "bench-empty-" + run;
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                List<NewTopic> topics = new ArrayList<>();
                for (String t :
                        List.of(requestsTopic, hourlyTopic, jsonTopic, importTopic, emptyTopic)) {
                    topics.add(new NewTopic(t, 3, (short) 1));
                }
                KafkaTopics.createAndAwait(admin, topics, Duration.ofSeconds(30));
            }

            Random random = new Random(seed);
            long t0 = System.nanoTime();
            List<RequestEvent> events = requests(random);
            send(bootstrap, requestsTopic, events);
            say("produced %,d request events in %.1f s", requests, seconds(t0));
            List<CostRecord> hourly = hourlySharedCosts();
            sendCosts(bootstrap, hourlyTopic, hourly);
            BigDecimal hourlySum = sum(hourly);
            List<CostRecord> json = jsonCosts(random);
            BigDecimal jsonSum = sum(json);
            t0 = System.nanoTime();
            sendCosts(bootstrap, jsonTopic, json);
            say("produced %,d JSON cost records in %.1f s", costs, seconds(t0));
            List<CostRecord> imported = importedCosts(random);
            BigDecimal importSum = sum(imported);
            sendCosts(bootstrap, importTopic, imported);
            say("produced one import of %,d rows", costs);

            rows.add("| job | input | records | start s | processing s | records/s |");
            rows.add("|---|---|---:|---:|---:|---:|");
            streamsJob(bootstrap, requestsTopic, dir, run);
            costJob(
                    "request events",
                    bootstrap,
                    url,
                    dir,
                    requestsTopic,
                    hourlyTopic,
                    requests,
                    () -> dayRow(url, requests, hourlySum));
            costJob(
                    "cost records (JSON, one recordId each)",
                    bootstrap,
                    url,
                    dir,
                    emptyTopic,
                    jsonTopic,
                    costs,
                    () -> dayRow(url, 0, jsonSum));
            costJob(
                    "cost records (one FOCUS import)",
                    bootstrap,
                    url,
                    dir,
                    emptyTopic,
                    importTopic,
                    costs,
                    () -> dayRow(url, 0, importSum));
            latency(bootstrap, url, dir, run);
        }
        String text = String.join("\n", rows) + "\n";
        System.out.println();
        System.out.println(text);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, text);
        say("report written to %s", report);
        return 0;
    }

    private void streamsJob(String bootstrap, String topic, Path dir, String run) throws Exception {
        String app = "bench-streams-" + run;
        StreamsSettings settings =
                StreamsSettings.defaults(bootstrap, dir.resolve("streams")).toBuilder()
                        .applicationId(app)
                        .inputTopic(topic)
                        .outputTopic("bench-minutes-" + run)
                        .topicPartitions(3)
                        .replicationFactor((short) 1)
                        .build();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
                StreamsService streams = new StreamsService(settings)) {
            long start = System.nanoTime();
            streams.start();
            await(
                    "Kafka Streams running",
                    () -> streams.state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING);
            double started = seconds(start);
            long running = System.nanoTime();
            await("Kafka Streams caught up", () -> caughtUp(admin, app, topic));
            double processing = seconds(running);
            row("Kafka Streams (service minutes)", "request events", requests, started, processing);
        }
    }

    private static boolean caughtUp(Admin admin, String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < 3; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e :
                    ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                // exactly-once commits leave a transaction marker: the end is one past the data
                if (e.getValue().offset() > 0
                        && (c == null || c.offset() < e.getValue().offset() - 1)) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private void costJob(
            String input,
            String bootstrap,
            String url,
            Path dir,
            String requestsTopic,
            String costsTopic,
            int records,
            BooleanSupplier done)
            throws Exception {
        CostJobSettings settings =
                CostJobSettings.defaults().toBuilder()
                        .requestsTopic(requestsTopic)
                        .costsTopic(costsTopic)
                        .groupId("bench-" + System.nanoTime())
                        .emitDelay(Duration.ofMillis(200))
                        .trafficFlushInterval(Duration.ofMillis(200))
                        .build();
        clear(url);
        try (CostService service =
                new CostService(
                        new CostService.Options(
                                bootstrap,
                                url,
                                dir.resolve("checkpoints-" + System.nanoTime()),
                                parallelism,
                                Duration.ofSeconds(10),
                                false,
                                settings))) {
            long start = System.nanoTime();
            service.start();
            await(
                    "cost job running",
                    () -> service.status().orElse(JobStatus.INITIALIZING) == JobStatus.RUNNING);
            double started = seconds(start);
            long running = System.nanoTime();
            await("cost job done with " + input, done);
            row("Flink cost job", input, records, started, seconds(running));
        }
    }

    /** Whether the day's all-services USD row counts {@code requests} and totals {@code total}. */
    private boolean dayRow(String url, long requests, BigDecimal total) {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT requests, total FROM cost_day FINAL WHERE day = ? AND"
                                    + " service = '' AND currency = 'USD' AND is_deleted = 0")) {
            s.setString(1, day.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next()
                        && rs.getLong(1) == requests
                        && rs.getBigDecimal(2).compareTo(total) == 0;
            }
        } catch (Exception e) {
            return false;
        }
    }

    private static void clear(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("TRUNCATE TABLE cost_hour");
            c.createStatement().execute("TRUNCATE TABLE cost_day");
        }
    }

    /** Data → provisional row, with the job's production defaults. */
    private void latency(String bootstrap, String url, Path dir, String run) throws Exception {
        String requestsTopic = "bench-live-requests-" + run;
        String costsTopic = "bench-live-costs-" + run;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            KafkaTopics.createAndAwait(
                    admin,
                    List.of(
                            new NewTopic(requestsTopic, 3, (short) 1),
                            new NewTopic(costsTopic, 3, (short) 1)),
                    Duration.ofSeconds(30));
        }
        CostJobSettings settings =
                CostJobSettings.defaults().toBuilder()
                        .requestsTopic(requestsTopic)
                        .costsTopic(costsTopic)
                        .groupId("bench-live-" + run)
                        .build();
        long[] costLatency = new long[latencySamples];
        long[] requestLatency = new long[latencySamples];
        try (CostService service =
                new CostService(
                        new CostService.Options(
                                bootstrap,
                                url,
                                dir.resolve("checkpoints-live"),
                                parallelism,
                                Duration.ofSeconds(10),
                                false,
                                settings))) {
            service.start();
            await(
                    "live cost job running",
                    () -> service.status().orElse(JobStatus.INITIALIZING) == JobStatus.RUNNING);
            for (int i = 0; i < latencySamples; i++) {
                String name = "latency-" + run + "-" + i;
                Instant hour = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
                CostRecord cost =
                        new CostRecord(
                                name,
                                name,
                                null,
                                hour,
                                hour.plusSeconds(3600),
                                new BigDecimal("1.00000000001"),
                                "USD",
                                Map.of());
                sendCosts(bootstrap, costsTopic, List.of(cost));
                long sent = System.nanoTime();
                await("provisional cost row", () -> hourRequests(url, name) >= 0);
                costLatency[i] = System.nanoTime() - sent;
                send(
                        bootstrap,
                        requestsTopic,
                        List.of(
                                new RequestEvent(
                                        name,
                                        "GET /",
                                        Instant.now().toEpochMilli() * 1000,
                                        1,
                                        200,
                                        false,
                                        "u1",
                                        null)));
                sent = System.nanoTime();
                await("provisional request count", () -> hourRequests(url, name) == 1);
                requestLatency[i] = System.nanoTime() - sent;
            }
        }
        Arrays.sort(costLatency);
        Arrays.sort(requestLatency);
        rows.add("");
        rows.add(
                "| data → provisional row (defaults: emit delay 5 s, traffic flush 5 s, sink flush"
                        + " 1 s) | samples | p50 s | max s |");
        rows.add("|---|---:|---:|---:|");
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| a cost record | %d | %.2f | %.2f |",
                        latencySamples,
                        costLatency[latencySamples / 2] / 1e9,
                        costLatency[latencySamples - 1] / 1e9));
        rows.add(
                String.format(
                        Locale.ROOT,
                        "| a request event (its hour already has cost) | %d | %.2f | %.2f |",
                        latencySamples,
                        requestLatency[latencySamples / 2] / 1e9,
                        requestLatency[latencySamples - 1] / 1e9));
    }

    /** Requests of the service's current-hour row, or -1 when there is no row. */
    private static long hourRequests(String url, String service) {
        try (Connection c = DriverManager.getConnection(url);
                PreparedStatement s =
                        c.prepareStatement(
                                "SELECT requests FROM cost_hour FINAL WHERE service = ? AND"
                                        + " is_deleted = 0")) {
            s.setString(1, service);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (Exception e) {
            return -2;
        }
    }

    private List<RequestEvent> requests(Random random) {
        List<RequestEvent> out = new ArrayList<>(requests);
        long dayMicros = dayStart.toEpochMilli() * 1000;
        for (int i = 0; i < requests; i++) {
            long start = dayMicros + (long) i * 86_400_000_000L / requests;
            String user = random.nextInt(10) == 0 ? null : "user-" + random.nextInt(users);
            out.add(
                    new RequestEvent(
                            SERVICES[random.nextInt(SERVICES.length)],
                            "GET /",
                            start,
                            1 + random.nextInt(500),
                            200,
                            false,
                            user,
                            null));
        }
        return out;
    }

    private List<CostRecord> hourlySharedCosts() {
        List<CostRecord> out = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            Instant from = dayStart.plusSeconds(h * 3600L);
            out.add(
                    new CostRecord(
                            "shared-" + h,
                            null,
                            "nat-1",
                            from,
                            from.plusSeconds(3600),
                            new BigDecimal("0.10000000001"),
                            "USD",
                            Map.of()));
        }
        return out;
    }

    private CostRecord cost(Random random, String id, int k) {
        int h = random.nextInt(24);
        Instant from = dayStart.plusSeconds(h * 3600L);
        Map<String, String> tags =
                k % 10 == 0
                        ? Map.of("team", "platform")
                        : Map.of("application", SERVICES[k % SERVICES.length]);
        return new CostRecord(
                id,
                null,
                "i-" + k,
                from,
                from.plusSeconds(3600),
                BigDecimal.valueOf(random.nextInt(1_000_000_000), 11),
                "USD",
                tags);
    }

    private List<CostRecord> jsonCosts(Random random) {
        List<CostRecord> out = new ArrayList<>(costs);
        for (int k = 0; k < costs; k++) {
            out.add(cost(random, "line-" + k, k));
        }
        return out;
    }

    private List<CostRecord> importedCosts(Random random) {
        List<CostRecord> rows = new ArrayList<>(costs);
        for (int k = 0; k < costs; k++) {
            rows.add(cost(random, "row", k));
        }
        Instant month = day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant next = day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return CostImports.stamp("123456789012", month, next, rows, false, Instant.now());
    }

    private static BigDecimal sum(List<CostRecord> records) {
        BigDecimal s = BigDecimal.ZERO;
        for (CostRecord r : records) {
            s = s.add(r.cost());
        }
        return s;
    }

    private static void send(String bootstrap, String topic, List<RequestEvent> events)
            throws Exception {
        RequestEventCodec codec = RequestEventCodec.create();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            Future<?> last = null;
            for (RequestEvent e : events) {
                last =
                        p.send(
                                new ProducerRecord<>(
                                        topic,
                                        codec.key(e).getBytes(StandardCharsets.UTF_8),
                                        codec.encode(e)));
            }
            p.flush();
            if (last != null) {
                last.get();
            }
        }
    }

    private static void sendCosts(String bootstrap, String topic, List<CostRecord> records)
            throws Exception {
        CostRecordCodec codec = CostRecordCodec.create();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            Future<?> last = null;
            for (CostRecord c : records) {
                last =
                        p.send(
                                new ProducerRecord<>(
                                        topic,
                                        codec.key(c).getBytes(StandardCharsets.UTF_8),
                                        codec.encode(c)));
            }
            p.flush();
            if (last != null) {
                last.get();
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrap,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        10,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262_144),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            Thread.sleep(50); // a benchmark polling what it measures, not a test
        }
    }

    private void row(String job, String input, long records, double start, double processing) {
        String line =
                String.format(
                        Locale.ROOT,
                        "| %s | %s | %,d | %.1f | %.2f | **%,.0f** |",
                        job,
                        input,
                        records,
                        start,
                        processing,
                        records / processing);
        rows.add(line);
        say("%s", line);
    }

    private static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    private static double load() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage();
    }

    private static void say(String format, Object... args) {
        System.out.println("[cost-benchmark] " + String.format(Locale.ROOT, format, args));
    }
}
