package dev.plimsoll.streams.minute;

import dev.plimsoll.core.aggregate.ServiceMinuteKey;
import dev.plimsoll.streams.StreamsSettings;
import dev.plimsoll.streams.row.ServiceMinuteRowSerde;

import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The service-minute topology: request events in, one final row per (tenant, service, operation,
 * minute) window out.
 *
 * <pre>
 *   telemetry.requests.v1 (key: service, value: request event JSON; event time = request start,
 *                          at most max-clock-skew after the record's timestamp)
 *        │
 *        ▼
 *   [requests] source
 *        │
 *        ▼
 *   [service-minute-aggregator] ── in-memory open windows, 1-minute tumbling, grace
 *        │   │                      ├─ service-minute-aggregates (in-memory KV, changelogged;
 *        │   │                      │    written only at commit)
 *        │   │                      ├─ service-minute-clock (in-memory KV, changelogged: the
 *        │   │                      │    event-time clock advanced while the task was idle)
 *        │   │                      ├─ service-minute-batches (RocksDB window store, changelogged:
 *        │   │                      │    record indexes counted per idempotency batch id, 24 h)
 *        │   │                      └─ service-minute-commit-hook (no data; commit callback)
 *        │   ├─ a retry's copy of a counted record: skipped, metric duplicate-records
 *        │   ├─ late beyond grace: a correction of its written minute, collected per minute of
 *        │   │    arrival, written a minute + grace later; metric late-corrected-records
 *        │   └─ dated beyond the time it reached Kafka + max clock skew: aggregated into its own
 *        │        minute, clock not moved past that bound, metric future-records (ADR 0010)
 *        ▼
 *   [service-minute-rows] sink ──► metrics.service-minute.v1 (key: service, value: row JSON)
 * </pre>
 */
public final class ServiceMinuteTopology {

    public static final String SOURCE = "requests";
    public static final String AGGREGATOR = "service-minute-aggregator";
    public static final String SINK = "service-minute-rows";
    public static final String AGGREGATES_STORE = "service-minute-aggregates";
    public static final String COMMIT_HOOK_STORE = "service-minute-commit-hook";
    public static final String CLOCK_STORE = "service-minute-clock";
    public static final String IDEMPOTENCY_STORE = "service-minute-batches";

    /** Metric group of the aggregator's sensors ({@code <name>-total}, {@code <name>-rate}). */
    public static final String METRICS_GROUP =
            "stream-" + ServiceMinuteProcessor.METRICS_SCOPE + "-metrics";

    /**
     * Timestamp type of the topics the job writes. Changelog records carry the timestamp of the
     * event being processed, output rows the end of their minute; ingest accepts events up to 24 h
     * ahead, and brokers reject timestamps more than {@code message.timestamp.after.max.ms} (1 h by
     * default since Kafka 4.0) in the future, for good — which would stop the job. With the
     * broker's append time nothing is rejected; no reader uses these timestamps (the minute is in
     * the row).
     */
    public static final String LOG_APPEND_TIME = "LogAppendTime";

    /** Order of the rows of one window in the output: tenant, service, operation. */
    static final Comparator<ServiceMinuteKey> ROW_ORDER =
            Comparator.comparing(ServiceMinuteKey::tenant)
                    .thenComparing(ServiceMinuteKey::service)
                    .thenComparing(ServiceMinuteKey::operation);

    private ServiceMinuteTopology() {}

    /**
     * Builds the topology; pure: no connection to Kafka, no side effects.
     *
     * @throws IllegalArgumentException when the settings contradict each other ({@link
     *     StreamsSettings#requireConsistent()})
     */
    public static Topology buildTopology(StreamsSettings s) {
        return buildTopology(s, System::currentTimeMillis);
    }

    /** The topology with the wall clock its timestamp extractor compares with (tests). */
    static Topology buildTopology(StreamsSettings s, LongSupplier wallClockMs) {
        s.requireConsistent();
        long graceMs = s.grace().toMillis();
        long horizonMs = s.concurrencyHorizon().toMillis();
        long idleCloseAfterMs = s.idleCloseAfter().toMillis();
        long maxClockSkewMs = s.maxClockSkew().toMillis();
        long idempotencyWindowMs = s.idempotencyWindow().toMillis();
        Topology t = new Topology();
        t.addSource(
                AutoOffsetReset.earliest(),
                SOURCE,
                new RequestStartTimestampExtractor(maxClockSkewMs, wallClockMs),
                Serdes.String().deserializer(),
                new RequestEventSerde().deserializer(),
                s.inputTopic());
        t.addProcessor(
                AGGREGATOR,
                () ->
                        new ServiceMinuteProcessor(
                                graceMs,
                                horizonMs,
                                idleCloseAfterMs,
                                maxClockSkewMs,
                                idempotencyWindowMs),
                SOURCE);
        // No record cache: the processor is the cache, and its writes must reach the changelog
        // inside the commit they belong to.
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(AGGREGATES_STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withCachingDisabled()
                        .withLoggingEnabled(
                                Map.of(
                                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                                        Integer.toString(StreamsSettings.MAX_MESSAGE_BYTES),
                                        TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
                                        LOG_APPEND_TIME)),
                AGGREGATOR);
        t.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(CLOCK_STORE),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withCachingDisabled()
                        .withLoggingEnabled(
                                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME)),
                AGGREGATOR);
        // On disk: one entry per batch sent with an Idempotency-Key, for a day (ADR 0012). Written
        // only in the commit hook, so no cache either.
        t.addStateStore(
                Stores.windowStoreBuilder(
                                Stores.persistentWindowStore(
                                        IDEMPOTENCY_STORE,
                                        s.idempotencyWindow(),
                                        Duration.ofMillis(1),
                                        false),
                                Serdes.Bytes(),
                                Serdes.ByteArray())
                        .withCachingDisabled()
                        .withLoggingEnabled(
                                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, LOG_APPEND_TIME)),
                AGGREGATOR);
        t.addStateStore(new CommitHookStore.Builder(COMMIT_HOOK_STORE), AGGREGATOR);
        t.addSink(
                SINK,
                s.outputTopic(),
                Serdes.String().serializer(),
                new ServiceMinuteRowSerde().serializer(),
                AGGREGATOR);
        return t;
    }
}
