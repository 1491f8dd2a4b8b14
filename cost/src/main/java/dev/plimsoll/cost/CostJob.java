package dev.plimsoll.cost;

import dev.plimsoll.core.telemetry.CostRecord;
import dev.plimsoll.cost.model.CostRow;
import dev.plimsoll.cost.model.DayInput;
import dev.plimsoll.cost.model.DayInputCodec;
import dev.plimsoll.cost.model.TrafficEvent;
import dev.plimsoll.cost.operators.CostLedger;
import dev.plimsoll.cost.operators.DayAllocator;
import dev.plimsoll.cost.operators.RequestDedup;
import dev.plimsoll.cost.operators.TrafficCounter;
import dev.plimsoll.cost.serde.CodecTypeInfo;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Objects;

/**
 * The cost-per-user job: a pure topology over the sources and the sink it is given
 * (flink-training's style), so tests run it on any source and sink and the app and the session
 * cluster on Kafka and ClickHouse.
 *
 * <pre>
 * costs (Kafka time) ──keyBy scope──► CostLedger ──ScopeDay──┐
 *                                                            ├─keyBy day─► DayAllocator ─► sink
 * requests (start) ─┬─ with batch id ─keyBy batch─► RequestDedup ─┐                    (cost_hour,
 *                   └─ without ──────────────────────────────────┴─keyBy service|hour─►  cost_day)
 *                                                    TrafficCounter ──HourTraffic──┘
 * </pre>
 *
 * Event time: cost records by the time they reached Kafka (billing data is late by nature; its
 * charge period places it, not its event time), request events by their start. Operator ids are
 * fixed ({@code uid}) so that checkpoints and savepoints restore into later versions.
 */
public final class CostJob {

    /** The job's name on a cluster. */
    public static final String NAME = "plimsoll-cost";

    static final TypeInformation<CostRecord> COST_RECORD =
            CodecTypeInfo.of(new dev.plimsoll.cost.model.CostRecordCodec());
    static final TypeInformation<TrafficEvent> TRAFFIC =
            CodecTypeInfo.of(new TrafficEvent.TrafficEventCodec());
    static final TypeInformation<DayInput> DAY_INPUT = CodecTypeInfo.of(new DayInputCodec());
    static final TypeInformation<CostRow> ROW = CodecTypeInfo.of(new CostRow.CostRowCodec());

    private final Source<CostRecord, ?, ?> costs;
    private final Source<TrafficEvent, ?, ?> requests;
    private final Sink<CostRow> sink;
    private final CostJobSettings settings;

    public CostJob(
            Source<CostRecord, ?, ?> costs,
            Source<TrafficEvent, ?, ?> requests,
            Sink<CostRow> sink,
            CostJobSettings settings) {
        this.costs = Objects.requireNonNull(costs, "costs");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds the job's pipeline to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        DataStream<CostRecord> costStream =
                env.fromSource(
                                costs,
                                WatermarkStrategy.<CostRecord>forBoundedOutOfOrderness(
                                                Duration.ofSeconds(5))
                                        .withIdleness(settings.sourceIdleness()),
                                "costs",
                                COST_RECORD)
                        .uid("costs-source");
        DataStream<TrafficEvent> traffic =
                env.fromSource(
                                requests,
                                WatermarkStrategy.<TrafficEvent>forBoundedOutOfOrderness(
                                                settings.requestOutOfOrderness())
                                        .withTimestampAssigner(
                                                (SerializableTimestampAssigner<TrafficEvent>)
                                                        (e, kafkaTime) -> e.eventTime())
                                        .withIdleness(settings.sourceIdleness()),
                                "requests",
                                TRAFFIC)
                        .uid("requests-source");

        DataStream<TrafficEvent> deduplicated =
                traffic.filter(TrafficEvent::hasIdentity)
                        .uid("with-batch-id")
                        .keyBy(TrafficEvent::batchKey, Types.STRING)
                        .process(new RequestDedup(settings.dedupWindow()), TRAFFIC)
                        .uid("request-dedup")
                        .name("request-dedup");
        DataStream<DayInput> hourTraffic =
                traffic.filter(e -> !e.hasIdentity())
                        .uid("without-batch-id")
                        .union(deduplicated)
                        .keyBy(TrafficEvent::serviceHourKey, Types.STRING)
                        .process(
                                new TrafficCounter(
                                        settings.settle(),
                                        settings.trafficFlushInterval(),
                                        settings.usersCap()),
                                DAY_INPUT)
                        .uid("traffic-counter")
                        .name("traffic-counter");
        DataStream<DayInput> scopeDays =
                costStream
                        .keyBy(CostLedger::scopeOf, Types.STRING)
                        .process(
                                new CostLedger(
                                        settings.attribution(),
                                        settings.rules(),
                                        settings.hourRetention(),
                                        settings.pendingImportTimeout()),
                                DAY_INPUT)
                        .uid("cost-ledger")
                        .name("cost-ledger");
        scopeDays
                .union(hourTraffic)
                .keyBy(DayInput::day, Types.LONG)
                .process(
                        new DayAllocator(
                                settings.rules(),
                                settings.settle(),
                                settings.hourRetention(),
                                settings.emitDelay(),
                                settings.usersCap()),
                        ROW)
                .uid("day-allocator")
                .name("day-allocator")
                .sinkTo(sink)
                .uid("cost-sink")
                .name("clickhouse-cost-sink");
    }

    /** Runs the job on {@code env} until it ends. */
    public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.execute(NAME);
    }

    /** Submits the job on {@code env} and returns at once. */
    public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
        addTo(env);
        return env.executeAsync(NAME);
    }

    /**
     * The Flink configuration the job is meant to run with: exactly-once checkpoints every {@code
     * interval} into {@code checkpointDir} (kept when the job is cancelled, so a restart resumes
     * from them), the heap state backend (Kafka Streams' RocksDB classes clash with Flink's in one
     * JVM: INFRA-NOTES), a bounded exponential restart, and no Kryo fallback for any type.
     */
    public static Configuration configuration(
            Duration interval, String checkpointDir, int restartAttempts) {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        c.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        c.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 3);
        c.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF,
                Duration.ofSeconds(1));
        c.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                Duration.ofMinutes(1));
        c.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, restartAttempts);
        c.set(PipelineOptions.GENERIC_TYPES, false);
        return c;
    }
}
