package dev.plimsoll.alerts.evaluate;

import dev.plimsoll.core.DecodingException;
import dev.plimsoll.core.alert.eval.MetricSource;
import dev.plimsoll.core.alert.eval.PipelineLagAlert;
import dev.plimsoll.core.alert.eval.RuleEngine;
import dev.plimsoll.core.alert.eval.RuleState;
import dev.plimsoll.core.alert.eval.Ticks;
import dev.plimsoll.core.alert.event.AlertEvent;
import dev.plimsoll.core.alert.event.AlertEventCodec;
import dev.plimsoll.core.alert.rule.Rule;
import dev.plimsoll.core.alert.rule.RuleWriter;
import dev.plimsoll.core.alert.silence.Silence;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The evaluator (ADR 0021): evaluates the rules whose state partition this instance owns and
 * publishes their state changes, exactly once.
 *
 * <ul>
 *   <li><b>One evaluator per rule.</b> Every instance is a member of one consumer group on the
 *       compacted state topic; Kafka assigns each partition to one member, and a rule belongs to
 *       the partition of its id (murmur2, as Kafka's partitioner). A new or departed instance moves
 *       partitions by rebalancing.
 *   <li><b>Exactly once.</b> Each round writes the events ({@code alerts.events.v1}) and the new
 *       state of every rule evaluated (state topic) in one Kafka transaction, with the group's
 *       offsets ({@code sendOffsetsToTransaction} with the group metadata): a member that lost its
 *       partitions (a zombie) is fenced by the group generation and its transaction aborts. A new
 *       owner first waits for pending transactional offsets ({@code committed()} under {@code
 *       read_committed}), then restores the state from the partition: it continues exactly where
 *       the last committed round ended. Events are deterministic (ids from content), so a round
 *       lost to a crash is recomputed with the same ids.
 *   <li><b>Only final data.</b> A rule evaluates an instant once the minutes before it are final
 *       ({@link DataHorizon}); evaluations missed while stopped or while data was late are caught
 *       up in order (at most {@code maxCatchUp} per round).
 * </ul>
 *
 * One thread; {@link #close()} stops it and leaves the group.
 */
public final class Evaluator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    private static final Duration LAG_EVERY = Duration.ofSeconds(30);
    private static final Duration LAG_PROBE_EVERY = Duration.ofSeconds(10);

    /** Settings of an evaluator. */
    public record Config(
            String bootstrapServers,
            String groupId,
            String stateTopic,
            String eventsTopic,
            Duration pollInterval,
            Duration rulesRefresh,
            int maxCatchUp,
            Duration lagTolerance,
            Duration lagFor,
            List<String> lagNotify,
            Map<String, Object> kafka,
            Map<String, Object> producerKafka) {}

    /** Opens a source for a rule's evaluations at instants in {@code [from, to]}. */
    @FunctionalInterface
    public interface Sources {
        MetricSource open(Rule rule, Instant from, Instant to);
    }

    private final Config config;
    private final Clock clock;
    private final Supplier<List<Rule>> rules;
    private final Supplier<List<Silence>> silences;
    private final Sources sources;
    private final RuleEngine.Deploys deploys;
    private final DataHorizon horizon;
    private final KafkaConsumer<String, byte[]> group;
    private final KafkaConsumer<String, byte[]> restorer;
    private KafkaProducer<String, byte[]> producer;
    private final String transactionalId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private final Set<Integer> owned = new TreeSet<>();
    private final Set<Integer> toRestore = new TreeSet<>();
    private final Map<Integer, Map<String, StateRecord>> states = new HashMap<>();
    private final Map<Integer, Long> positions = new HashMap<>();
    private int partitionCount;
    private List<Rule> cachedRules = List.of();
    private List<Silence> cachedSilences = List.of();
    private Instant rulesReadAt = Instant.EPOCH;
    private Duration overdue = Duration.ZERO;
    private Instant overdueAt = Instant.EPOCH;
    private volatile long rounds;
    private volatile boolean crashBeforeCommit;
    private volatile Throwable failure;

    public Evaluator(
            Config config,
            Clock clock,
            Supplier<List<Rule>> rules,
            Supplier<List<Silence>> silences,
            Sources sources,
            RuleEngine.Deploys deploys,
            DataHorizon horizon) {
        this.config = config;
        this.clock = clock;
        this.rules = rules;
        this.silences = silences;
        this.sources = sources;
        this.deploys = deploys;
        this.horizon = horizon;
        this.transactionalId = config.groupId() + "-" + UUID.randomUUID();
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> restore = new HashMap<>(c);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        c.putAll(config.kafka());
        this.group = new KafkaConsumer<>(c);
        this.restorer = new KafkaConsumer<>(restore);
        this.producer = newProducer();
        this.thread = new Thread(this::run, "alerts-evaluator");
        this.thread.setDaemon(true);
    }

    private KafkaProducer<String, byte[]> newProducer() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 30_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.putAll(config.producerKafka());
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p);
        producer.initTransactions();
        return producer;
    }

    /** Starts the evaluation thread. */
    public Evaluator start() {
        partitionCount = group.partitionsFor(config.stateTopic()).size();
        group.subscribe(
                List.of(config.stateTopic()),
                new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        forget(partitions);
                    }

                    @Override
                    public void onPartitionsLost(Collection<TopicPartition> partitions) {
                        forget(partitions);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        for (TopicPartition tp : partitions) {
                            owned.add(tp.partition());
                            toRestore.add(tp.partition());
                        }
                    }
                });
        thread.start();
        return this;
    }

    private void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            owned.remove(tp.partition());
            toRestore.remove(tp.partition());
            states.remove(tp.partition());
            positions.remove(tp.partition());
        }
    }

    /** The partition of a rule id: murmur2 of its UTF-8 bytes, as Kafka's default partitioner. */
    static int partitionOf(String ruleId, int partitions) {
        return Utils.toPositive(Utils.murmur2(ruleId.getBytes(StandardCharsets.UTF_8)))
                % partitions;
    }

    /** The partitions this instance owns now (for tests and health). */
    public synchronized Set<Integer> ownedPartitions() {
        return Set.copyOf(owned);
    }

    /** Rounds completed (for tests: wait for a round instead of sleeping). */
    public long rounds() {
        return rounds;
    }

    /** The error that stopped the thread, if any. */
    public Throwable failure() {
        return failure;
    }

    private void run() {
        try {
            while (running.get()) {
                group.poll(config.pollInterval());
                synchronized (this) {
                    if (!toRestore.isEmpty()) {
                        restore(new TreeSet<>(toRestore));
                    }
                    round();
                }
                rounds++;
            }
        } catch (SimulatedCrash e) {
            LOG.warn("alert evaluator crashed on purpose (test) with a transaction open");
        } catch (WakeupException e) {
            if (running.get()) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("the alert evaluator stopped", e);
        }
    }

    private void restore(Set<Integer> partitions) {
        List<TopicPartition> tps =
                partitions.stream().map(p -> new TopicPartition(config.stateTopic(), p)).toList();
        // Waits while a previous owner's transaction (offsets included) is still open.
        group.committed(new HashSet<>(tps), Duration.ofSeconds(60));
        restorer.assign(tps);
        restorer.seekToBeginning(tps);
        Map<TopicPartition, Long> end = restorer.endOffsets(tps);
        for (TopicPartition tp : tps) {
            states.put(tp.partition(), new HashMap<>());
        }
        while (tps.stream().anyMatch(tp -> restorer.position(tp) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> r : restorer.poll(Duration.ofMillis(200))) {
                Map<String, StateRecord> m = states.get(r.partition());
                if (r.value() == null) {
                    m.remove(r.key());
                    continue;
                }
                try {
                    m.put(r.key(), StateRecord.decode(r.value()));
                } catch (DecodingException e) {
                    LOG.error(
                            "state of rule {} at {}-{} is unreadable; the rule starts afresh",
                            r.key(),
                            r.partition(),
                            r.offset(),
                            e);
                }
            }
        }
        for (TopicPartition tp : tps) {
            positions.put(tp.partition(), end.get(tp));
            toRestore.remove(tp.partition());
        }
        restorer.unsubscribe();
        group.pause(tps);
        LOG.info(
                "alert evaluator owns state partitions {} ({} rule states restored)",
                owned,
                states.values().stream().mapToInt(Map::size).sum());
    }

    private void round() throws InterruptedException {
        if (owned.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        if (!now.isBefore(rulesReadAt.plus(config.rulesRefresh()))) {
            cachedRules = rules.get();
            cachedSilences = silences.get();
            rulesReadAt = now;
        }
        List<Rule> mine =
                cachedRules.stream()
                        .filter(r -> owned.contains(partitionOf(r.id(), partitionCount)))
                        .toList();
        boolean lagOwned = owned.contains(partitionOf(PipelineLagAlert.RULE_ID, partitionCount));
        if (!now.isBefore(overdueAt.plus(LAG_PROBE_EVERY)) || now.isBefore(overdueAt)) {
            overdue = horizon.overdue(now);
            overdueAt = now;
        }
        boolean lagging = overdue.compareTo(config.lagTolerance()) > 0;

        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        Map<Integer, Map<String, StateRecord>> next = new HashMap<>();
        Map<String, Rule> byId = new HashMap<>();
        mine.forEach(r -> byId.put(r.id(), r));

        // Rules deleted or changed: resolve their alerts.
        for (int p : owned) {
            for (Map.Entry<String, StateRecord> e : states.getOrDefault(p, Map.of()).entrySet()) {
                if (e.getKey().equals(PipelineLagAlert.RULE_ID) || e.getValue().rule() == null) {
                    continue;
                }
                Rule current = byId.get(e.getKey());
                if (current == null
                        || !RuleWriter.evaluationDigest(current)
                                .equals(e.getValue().state().digest())) {
                    RuleEngine.Result r =
                            RuleEngine.retire(
                                    e.getValue().rule(),
                                    e.getValue().state(),
                                    now,
                                    current == null ? "rule deleted" : "rule changed",
                                    cachedSilences);
                    r.events().forEach(ev -> out.add(event(ev)));
                    if (current == null) {
                        out.add(new ProducerRecord<>(config.stateTopic(), p, e.getKey(), null));
                        next.computeIfAbsent(p, k -> new HashMap<>()).put(e.getKey(), null);
                    } else {
                        StateRecord fresh =
                                new StateRecord(
                                        current,
                                        RuleState.fresh(
                                                current.id(),
                                                RuleWriter.evaluationDigest(current)));
                        out.add(
                                new ProducerRecord<>(
                                        config.stateTopic(), p, e.getKey(), fresh.encode()));
                        next.computeIfAbsent(p, k -> new HashMap<>()).put(e.getKey(), fresh);
                    }
                }
            }
        }

        Map<String, Instant> newest =
                horizon.newest(
                        mine.stream().map(r -> r.selector().service()).distinct().toList(), now);
        for (Rule rule : mine) {
            int p = partitionOf(rule.id(), partitionCount);
            StateRecord before =
                    next.containsKey(p) && next.get(p).containsKey(rule.id())
                            ? next.get(p).get(rule.id())
                            : states.getOrDefault(p, Map.of()).get(rule.id());
            RuleState state = before == null ? null : before.state();
            Instant end = horizon.horizon(newest.get(rule.selector().service()), now, lagging);
            if (end == null) {
                continue;
            }
            Instant last =
                    state == null || !state.digest().equals(RuleWriter.evaluationDigest(rule))
                            ? null
                            : state.lastTick();
            List<Instant> ticks =
                    Ticks.due(last, end.plusSeconds(59), rule.evaluateEvery(), config.maxCatchUp());
            if (ticks.isEmpty()) {
                continue;
            }
            // the source reaches back from the first tick by each condition's window itself
            MetricSource source = sources.open(rule, ticks.get(0), ticks.get(ticks.size() - 1));
            for (Instant t : ticks) {
                RuleEngine.Result r =
                        RuleEngine.evaluate(rule, state, source, t, deploys, cachedSilences);
                state = r.state();
                r.events().forEach(ev -> out.add(event(ev)));
            }
            StateRecord record = new StateRecord(rule, state);
            out.add(new ProducerRecord<>(config.stateTopic(), p, rule.id(), record.encode()));
            next.computeIfAbsent(p, k -> new HashMap<>()).put(rule.id(), record);
        }

        if (lagOwned) {
            int p = partitionOf(PipelineLagAlert.RULE_ID, partitionCount);
            StateRecord before = states.getOrDefault(p, Map.of()).get(PipelineLagAlert.RULE_ID);
            RuleState state = before == null ? null : before.state();
            List<Instant> ticks =
                    Ticks.due(state == null ? null : state.lastTick(), now, LAG_EVERY, 1);
            if (!ticks.isEmpty()) {
                RuleEngine.Result r =
                        PipelineLagAlert.evaluate(
                                state,
                                overdue,
                                config.lagTolerance(),
                                config.lagFor(),
                                ticks.get(0),
                                lagNotify(),
                                cachedSilences);
                r.events().forEach(ev -> out.add(event(ev)));
                StateRecord record = new StateRecord(null, r.state());
                out.add(
                        new ProducerRecord<>(
                                config.stateTopic(), p, PipelineLagAlert.RULE_ID, record.encode()));
                next.computeIfAbsent(p, k -> new HashMap<>()).put(PipelineLagAlert.RULE_ID, record);
            }
        }

        if (out.isEmpty()) {
            return;
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<String, byte[]> r : out) {
                producer.send(r);
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (int p : owned) {
                offsets.put(
                        new TopicPartition(config.stateTopic(), p),
                        new OffsetAndMetadata(positions.getOrDefault(p, 0L)));
            }
            producer.sendOffsetsToTransaction(offsets, group.groupMetadata());
            if (crashBeforeCommit) {
                producer.flush();
                throw new SimulatedCrash();
            }
            producer.commitTransaction();
        } catch (KafkaException e) {
            LOG.warn(
                    "alert evaluation round not committed ({}); its partitions are restored and the"
                            + " round is retried",
                    e.toString());
            try {
                producer.abortTransaction();
            } catch (KafkaException abort) {
                producer.close(Duration.ZERO);
                producer = newProducer();
            }
            toRestore.addAll(owned);
            return;
        }
        next.forEach(
                (p, m) -> {
                    Map<String, StateRecord> target =
                            states.computeIfAbsent(p, k -> new HashMap<>());
                    m.forEach(
                            (id, rec) -> {
                                if (rec == null) {
                                    target.remove(id);
                                } else {
                                    target.put(id, rec);
                                }
                            });
                });
    }

    /**
     * For crash tests: the next round sends its records and offsets, then the thread stops with the
     * transaction open and without leaving the group, as a killed process would.
     */
    void crashBeforeNextCommit() {
        crashBeforeCommit = true;
    }

    /** Whether the evaluation thread has stopped. */
    boolean stopped() {
        return !thread.isAlive();
    }

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }

    private List<String> lagNotify() {
        if (config.lagNotify() != null && !config.lagNotify().isEmpty()) {
            return config.lagNotify();
        }
        Set<String> all = new LinkedHashSet<>();
        cachedRules.forEach(r -> all.addAll(r.contactPoints()));
        return List.copyOf(all);
    }

    private ProducerRecord<String, byte[]> event(AlertEvent e) {
        return new ProducerRecord<>(
                config.eventsTopic(), AlertEventCodec.key(e), AlertEventCodec.encode(e));
    }

    @Override
    public void close() {
        running.set(false);
        group.wakeup();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.close(Duration.ofSeconds(10));
        restorer.close(Duration.ofSeconds(5));
        producer.close(Duration.ofSeconds(10));
        horizon.close();
    }
}
