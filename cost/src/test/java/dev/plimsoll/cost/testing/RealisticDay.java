package dev.plimsoll.cost.testing;

import dev.plimsoll.core.telemetry.CostImports;
import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.core.telemetry.CostRecordCodec;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.core.telemetry.RequestEventCodec;
import dev.plimsoll.cost.CostJobSettings;
import dev.plimsoll.infra.kafka.KafkaTopics;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One realistic day for the integration tests: three services (orders, search, checkout) with
 * traffic at 10:00 and 11:00, their direct costs in an AWS-like FOCUS import (tags with stray
 * spaces, a credit, a cost spread over two hours), a daily shared cost that no traffic covers in
 * most hours, a shared cost of the platform team (policy {@code even}), a EUR cost with 15 decimal
 * places as a JSON record — then a restatement of the billing period that changes one amount and
 * removes two rows, and every import sent twice.
 *
 * <p>The expected rows ({@link #expected()}) are computed by hand in the comments; the day is three
 * days ago so that it is final once the request source is idle (settle 1 h) and within every TTL.
 */
public final class RealisticDay {

    public static final String ACCOUNT = "123456789012";

    public final LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    public final Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
    public final String costsTopic;
    public final String requestsTopic;
    public final String groupId;
    private final Instant periodStart =
            day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private final Instant periodEnd =
            day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    /** A day with fresh topics and consumer group. */
    public RealisticDay() {
        this(
                "costs-" + UUID.randomUUID(),
                "requests-" + UUID.randomUUID(),
                "cost-test-" + UUID.randomUUID());
    }

    /** The day of another JVM, by its topics and group. */
    public RealisticDay(String costsTopic, String requestsTopic, String groupId) {
        this.costsTopic = costsTopic;
        this.requestsTopic = requestsTopic;
        this.groupId = groupId;
    }

    /** Settings for the tests: these topics, platform costs split evenly, settle 1 h. */
    public CostJobSettings settings() {
        return CostJobSettings.defaults().toBuilder()
                .costsTopic(costsTopic)
                .requestsTopic(requestsTopic)
                .groupId(groupId)
                .sharedRules(List.of("name=platform; tag=team:platform; policy=even"))
                .settle(Duration.ofHours(1))
                .emitDelay(Duration.ofMillis(200))
                .trafficFlushInterval(Duration.ofMillis(200))
                .sourceIdleness(Duration.ofSeconds(1))
                .requestOutOfOrderness(Duration.ofMinutes(1))
                .build();
    }

    public Instant at(int hour, int minute) {
        return dayStart.plus(hour, ChronoUnit.HOURS).plus(minute, ChronoUnit.MINUTES);
    }

    /**
     * 12 requests: 10:00 orders ×6 (o1 o2 o3), search ×2 (s1 o1); 11:00 orders ×2 (o1), checkout ×2
     * (c1 o1).
     */
    public List<RequestEvent> requests() {
        List<RequestEvent> r = new ArrayList<>();
        String[] orders10 = {"o1", "o2", "o3", "o1", "o2", "o3"};
        for (int i = 0; i < orders10.length; i++) {
            r.add(request("orders", at(10, 5 + i), orders10[i]));
        }
        r.add(request("search", at(10, 20), "s1"));
        r.add(request("search", at(10, 21), "o1"));
        r.add(request("orders", at(11, 1), "o1"));
        r.add(request("orders", at(11, 2), "o1"));
        r.add(request("checkout", at(11, 30), "c1"));
        r.add(request("checkout", at(11, 31), "o1"));
        return r;
    }

    /** A request of now, on a service without costs: moves event time to the present. */
    public RequestEvent tick() {
        return request("clock", Instant.now().minusSeconds(5), null);
    }

    private static RequestEvent request(String service, Instant start, String user) {
        return new RequestEvent(
                service, "GET /", start.toEpochMilli() * 1000, 12.5, 200, false, user, null);
    }

    private CostRecord row(String cost, int fromHour, int toHour, Map<String, String> tags) {
        return new CostRecord(
                "row",
                null,
                "i-" + fromHour,
                at(fromHour, 0),
                at(toHour, 0),
                new BigDecimal(cost),
                "USD",
                tags);
    }

    /** The first import of the billing period (8 rows). */
    public List<CostRecord> firstImport(Instant importedAt) {
        return CostImports.stamp(
                ACCOUNT,
                periodStart,
                periodEnd,
                List.of(
                        row("1.20", 10, 11, Map.of("application", "orders")),
                        row("0.60", 11, 12, Map.of("app", "orders")),
                        row("0.50", 10, 11, Map.of(" application", "search ")),
                        row("0.80", 10, 12, Map.of("service", "checkout")),
                        row("2.40", 0, 24, Map.of()),
                        row("-0.05", 10, 11, Map.of("application", "orders")),
                        row("0.09", 11, 12, Map.of("team", "platform")),
                        row("0.30", 12, 13, Map.of("application", "search"))),
                false,
                importedAt);
    }

    /** The restatement: orders' 1.20 becomes 1.00, the platform cost and search's 12:00 cost go. */
    public List<CostRecord> restatement(Instant importedAt) {
        return CostImports.stamp(
                ACCOUNT,
                periodStart,
                periodEnd,
                List.of(
                        row("1.00", 10, 11, Map.of("application", "orders")),
                        row("0.60", 11, 12, Map.of("app", "orders")),
                        row("0.50", 10, 11, Map.of(" application", "search ")),
                        row("0.80", 10, 12, Map.of("service", "checkout")),
                        row("2.40", 0, 24, Map.of()),
                        row("-0.05", 10, 11, Map.of("application", "orders"))),
                false,
                importedAt);
    }

    /** A EUR cost of search at 10:00 as a plain JSON record (recordId rule). */
    public CostRecord euroRecord() {
        return new CostRecord(
                "azure-" + day + "-search",
                null,
                "/subscriptions/x/vm-1",
                at(10, 0),
                at(11, 0),
                new BigDecimal("0.302884615384615"),
                "EUR",
                Map.of("application", "search"));
    }

    /**
     * The rows after the restatement, all final, in the order of {@link CostRowsTable#read}.
     *
     * <p>USD at 10:00: orders 1.00 − 0.05 = 0.95, search 0.50, checkout 0.40 (half of 0.80), shared
     * 0.10 (2.40/24) by requests 6:2 → orders 0.075, search 0.025 (checkout has no requests). Users
     * orders 3, search 2, all 4 (o1 uses both). At 11:00: orders 0.60, checkout 0.40, shared 0.10
     * by requests 2:2 → 0.05 each (the platform pool is gone with the restatement). Every other
     * hour: 0.10 unallocated. Day: sums; users orders 3, search 2, checkout 2, all 5; requests 8,
     * 2, 2, 12. EUR: search 0.302884615384615 at 10:00. Quotients at 18 places, half-even.
     */
    public List<String> expected() {
        List<String> rows = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            if (h == 10) {
                rows.add(
                        "HOUR 10 search EUR 0.302884615384615+0+0=0.302884615384615 users=2 req=2"
                                + " cpu=0.1514423076923075 cpk=151.4423076923075 final");
                rows.add(
                        "HOUR 10 * EUR 0.302884615384615+0+0=0.302884615384615 users=4 req=8"
                                + " cpu=0.07572115384615375 cpk=37.860576923076875 final");
                rows.add("HOUR 10 checkout USD 0.4+0+0=0.4 users=0 req=0 cpu=- cpk=- final");
                rows.add(
                        "HOUR 10 orders USD 0.95+0.075+0=1.025 users=3 req=6"
                                + " cpu=0.341666666666666667 cpk=170.833333333333333333 requests"
                                + " final");
                rows.add(
                        "HOUR 10 search USD 0.5+0.025+0=0.525 users=2 req=2 cpu=0.2625 cpk=262.5"
                                + " requests final");
                rows.add(
                        "HOUR 10 * USD 1.85+0.1+0=1.95 users=4 req=8 cpu=0.4875 cpk=243.75"
                                + " requests final");
            } else if (h == 11) {
                rows.add(
                        "HOUR 11 checkout USD 0.4+0.05+0=0.45 users=2 req=2 cpu=0.225 cpk=225"
                                + " requests final");
                rows.add(
                        "HOUR 11 orders USD 0.6+0.05+0=0.65 users=1 req=2 cpu=0.65 cpk=325"
                                + " requests final");
                rows.add("HOUR 11 * USD 1+0.1+0=1.1 users=2 req=4 cpu=0.55 cpk=275 requests final");
            } else {
                rows.add(
                        "HOUR "
                                + h
                                + " * USD 0+0+0.1=0.1 users=0 req=0 cpu=- cpk=- requests final");
            }
        }
        rows.add(
                "DAY "
                        + day
                        + " search EUR 0.302884615384615+0+0=0.302884615384615 users=2 req=2"
                        + " cpu=0.1514423076923075 cpk=151.4423076923075 final");
        rows.add(
                "DAY "
                        + day
                        + " * EUR 0.302884615384615+0+0=0.302884615384615 users=5 req=12"
                        + " cpu=0.060576923076923 cpk=25.240384615384583333 final");
        rows.add(
                "DAY "
                        + day
                        + " checkout USD 0.8+0.05+0=0.85 users=2 req=2 cpu=0.425 cpk=425"
                        + " requests final");
        rows.add(
                "DAY "
                        + day
                        + " orders USD 1.55+0.125+0=1.675 users=3 req=8"
                        + " cpu=0.558333333333333333 cpk=209.375 requests final");
        rows.add(
                "DAY "
                        + day
                        + " search USD 0.5+0.025+0=0.525 users=2 req=2 cpu=0.2625 cpk=262.5"
                        + " requests final");
        rows.add(
                "DAY "
                        + day
                        + " * USD 2.85+0.2+2.2=5.25 users=5 req=12 cpu=1.05 cpk=437.5"
                        + " requests final");
        return rows;
    }

    /** Creates the two topics (3 partitions each) and waits until they take writes. */
    public void createTopics(String bootstrap) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            KafkaTopics.createAndAwait(
                    admin,
                    List.of(
                            new NewTopic(costsTopic, 3, (short) 1),
                            new NewTopic(requestsTopic, 3, (short) 1)),
                    Duration.ofSeconds(30));
        }
    }

    /** Writes request events as ingest does (key = service, canonical JSON), acknowledged. */
    public void sendRequests(String bootstrap, List<RequestEvent> events) {
        RequestEventCodec codec = RequestEventCodec.create();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (RequestEvent e : events) {
                p.send(new ProducerRecord<>(requestsTopic, utf8(codec.key(e)), codec.encode(e)));
            }
            p.flush();
        }
    }

    /** Writes cost records as ingest does (key = import scope or recordId), acknowledged. */
    public void sendCosts(String bootstrap, List<CostRecord> records) {
        CostRecordCodec codec = CostRecordCodec.create();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (CostRecord c : records) {
                p.send(new ProducerRecord<>(costsTopic, utf8(codec.key(c)), codec.encode(c)));
            }
            p.flush();
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
                        true),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
