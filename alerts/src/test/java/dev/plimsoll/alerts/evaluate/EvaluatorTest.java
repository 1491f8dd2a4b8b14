package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.alerts.support.Requests;
import dev.plimsoll.core.alert.eval.RuleEngine;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.alert.event.AlertState;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleParse;
import dev.plimsoll.core.alert.rule.RuleParser;
import dev.plimsoll.core.telemetry.RequestEvent;
import dev.plimsoll.infra.testing.MinuteRows;
import dev.plimsoll.infra.testing.PlimsollServices;
import dev.plimsoll.read.clickhouse.ClickHouseGateway;
import dev.plimsoll.read.clickhouse.ClickHouseSettings;
import dev.plimsoll.read.clickhouse.CostReader;
import dev.plimsoll.read.clickhouse.FreshnessReader;
import dev.plimsoll.read.clickhouse.SliceReader;
import dev.plimsoll.read.clickhouse.UsersReader;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator on the real broker and engine: two instances share the rules (one evaluator per
 * rule), a clean handover and a crash with a transaction open each lose and repeat nothing — every
 * state change is on the events topic exactly once, with the ids a single evaluator would give.
 *
 * <p>Data (per service, two hours ago): 100 requests a minute at 200 ms for minutes 0–9, at 400 ms
 * for 10–19, at 200 ms for 20–29. Rule: P95 above 300 ms over 5m, for 2m, every 1m. Worked out in
 * core's step scenario: pending at minute 11, firing at 13, resolved at 25. Minutes are stored in
 * phases, as the streams job stores them when they are final: the evaluator evaluates up to the
 * newest stored minute (the test clock stays early, so only stored minutes count as final).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluatorTest {

    static final Instant T = Instant.now().truncatedTo(ChronoUnit.HOURS).minusSeconds(7200);
    static final Duration DELAY = Duration.ofMinutes(3); // grace 2m + settle 1m

    private String bootstrap;
    private ClickHouseGateway gateway;
    private String url;
    private final List<Evaluator> running = new ArrayList<>();

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeAll
    void kafka() {
        bootstrap = PlimsollServices.kafka().bootstrapServers();
    }

    @org.junit.jupiter.api.BeforeEach
    void database() {
        url = PlimsollServices.clickhouse().createDatabase("alerts_eval");
        gateway =
                new ClickHouseGateway(
                        new ClickHouseSettings(
                                url, null, null, Duration.ofSeconds(2), Duration.ofSeconds(15)));
    }

    /** Stores minutes {@code [from, to)} of both services. */
    private void store(int from, int to) {
        List<RequestEvent> events = new ArrayList<>();
        for (String service : List.of("svc-a", "svc-b")) {
            for (int m = from; m < to; m++) {
                events.addAll(
                        Requests.minute(
                                service,
                                T.plusSeconds(60L * m),
                                100,
                                m >= 10 && m < 20 ? 400 : 200));
            }
        }
        MinuteRows.insert(url, events);
    }

    @AfterEach
    void stop() {
        running.forEach(Evaluator::close);
        running.clear();
        gateway.close();
    }

    record Topics(String state, String events, String requests, String group) {}

    private Topics topics() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        Topics t =
                new Topics(
                        "alerts.state.t" + id,
                        "alerts.events.t" + id,
                        "requests.t" + id,
                        "evaluator-" + id);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(t.state(), 2, (short) 1)
                                            .configs(Map.of("cleanup.policy", "compact")),
                                    new NewTopic(t.events(), 2, (short) 1),
                                    new NewTopic(t.requests(), 1, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        PlimsollServices.kafka()
                .createTopics(t.state(), t.events(), t.requests()); // waits until writable
        return t;
    }

    /** Two rule names whose ids fall in different state partitions. */
    private static List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        Set<Integer> seen = new java.util.HashSet<>();
        for (int i = 0; out.size() < 2; i++) {
            String name = "p95-" + i;
            int p = Evaluator.partitionOf(name, 2);
            if (seen.add(p)) {
                String service = out.isEmpty() ? "svc-a" : "svc-b";
                RuleParse parse =
                        RuleParser.parseJson(
                                "{\"name\":\""
                                        + name
                                        + "\",\"metric\":\"latency.p95\",\"service\":\""
                                        + service
                                        + "\",\"condition\":{\"type\":\"threshold\",\"above\":\"300ms\",\"for\":\"2m\"},\"minSamples\":50}");
                out.add(((RuleParse.Parsed) parse).rule());
            }
        }
        return out;
    }

    private Evaluator evaluator(Topics t, TestClock clock, List<Rule> rules) {
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        DataHorizon horizon =
                new DataHorizon(
                        new FreshnessReader(gateway),
                        admin,
                        bootstrap,
                        List.of(new DataHorizon.Stage(t.group() + "-streams", t.requests())),
                        DELAY);
        Evaluator e =
                new Evaluator(
                        new Evaluator.Config(
                                bootstrap,
                                t.group(),
                                t.state(),
                                t.events(),
                                Duration.ofMillis(50),
                                Duration.ZERO,
                                1440,
                                Duration.ofMinutes(3),
                                Duration.ofMinutes(1),
                                List.of(),
                                Map.of(
                                        ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
                                        6000,
                                        ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                                        500,
                                        ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                                        8000),
                                Map.of("transaction.timeout.ms", 10_000)),
                        clock,
                        () -> rules,
                        List::of,
                        new Sources(
                                new SliceReader(gateway),
                                new UsersReader(gateway),
                                new CostReader(gateway, new UsersReader(gateway))),
                        RuleEngine.Deploys.NONE,
                        horizon);
        running.add(e);
        return e.start();
    }

    /** The clock at which an evaluation at minute {@code m} is due (its minutes final by then). */
    private static Instant at(int m) {
        return T.plusSeconds(60L * m).plus(DELAY).plusSeconds(60);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20); // polling a condition, not waiting for time to pass
        }
    }

    /** Waits until {@code e} has completed {@code n} more rounds. */
    private static void rounds(Evaluator e, int n) throws InterruptedException {
        long target = e.rounds() + n;
        await("rounds", () -> e.rounds() >= target || e.failure() != null);
        assertThat(e.failure()).isNull();
    }

    private List<AlertEvent> events(String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<AlertEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> tps =
                    List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        out.add(AlertEventCodec.decode(r.value()));
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        out.sort((a, b) -> a.at().compareTo(b.at()));
        return out;
    }

    /** Per rule: "minute state" of each event, in order. */
    private static Map<String, List<String>> byRule(List<AlertEvent> events) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (AlertEvent e : events) {
            long minute = (e.at().getEpochSecond() - T.getEpochSecond()) / 60;
            out.computeIfAbsent(e.rule(), k -> new ArrayList<>())
                    .add(minute + " " + e.state().wireName());
        }
        return out;
    }

    @Test
    void twoInstancesShareTheRulesAndAHandoverLosesAndRepeatsNothing() throws Exception {
        Topics t = topics();
        List<Rule> rules = rules();
        TestClock clock = new TestClock(at(3));
        store(0, 4);
        Evaluator a = evaluator(t, clock, rules);
        await("a owns both partitions", () -> a.ownedPartitions().size() == 2);
        rounds(a, 3);

        Evaluator b = evaluator(t, clock, rules);
        await(
                "one partition each",
                () -> a.ownedPartitions().size() == 1 && b.ownedPartitions().size() == 1);
        store(4, 20);
        rounds(a, 3);
        rounds(b, 3);
        assertThat(byRule(events(t.events())))
                .hasSize(2)
                .allSatisfy((rule, l) -> assertThat(l).containsExactly("11 pending", "13 firing"));

        a.close();
        running.remove(a);
        await("b owns both", () -> b.ownedPartitions().size() == 2);
        store(20, 30);
        rounds(b, 3);

        List<AlertEvent> all = events(t.events());
        assertThat(byRule(all)).containsOnlyKeys(rules.get(0).name(), rules.get(1).name());
        assertThat(byRule(all).values())
                .allSatisfy(
                        l ->
                                assertThat(l)
                                        .containsExactly("11 pending", "13 firing", "25 resolved"));
        assertThat(all.stream().map(AlertEvent::eventId).distinct().count()).isEqualTo(6);
    }

    @Test
    void aCrashWithATransactionOpenIsRecomputedOnceByTheNextOwnerAndADeletedRuleResolves()
            throws Exception {
        Topics t = topics();
        List<Rule> rules = new java.util.concurrent.CopyOnWriteArrayList<>(rules());
        TestClock clock = new TestClock(at(3));
        store(0, 4);
        Evaluator a = evaluator(t, clock, rules);
        await("a owns both partitions", () -> a.ownedPartitions().size() == 2);
        rounds(a, 3);

        a.crashBeforeNextCommit();
        store(4, 20);
        await("a crashed", a::stopped);
        assertThat(events(t.events())).isEmpty(); // its transaction is still open: nothing visible
        Evaluator b = evaluator(t, clock, rules);
        await("b owns both after a's session expired", () -> b.ownedPartitions().size() == 2);
        rounds(b, 5);

        List<AlertEvent> all = events(t.events());
        assertThat(byRule(all).values())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).containsExactly("11 pending", "13 firing"));
        assertThat(all.stream().map(AlertEvent::eventId).distinct().count()).isEqualTo(4);

        // The second rule is deleted: its firing alert resolves, once, saying why; the first goes
        // on.
        Rule deleted = rules.remove(1);
        rounds(b, 3);
        List<AlertEvent> after = events(t.events());
        assertThat(after).hasSize(5);
        AlertEvent last =
                after.stream()
                        .filter(e -> e.state() == AlertState.RESOLVED)
                        .findFirst()
                        .orElseThrow();
        assertThat(last.rule()).isEqualTo(deleted.name());
        assertThat(last.previousState()).isEqualTo(AlertState.FIRING);
        assertThat(last.summary()).endsWith("(rule deleted)");
        assertThat(last.eventId()).isEqualTo(last.alertId() + "-3");
    }
}
