package dev.plimsoll.streams;

import dev.plimsoll.core.telemetry.Idempotency;
import dev.plimsoll.streams.minute.SkipUnwritableRowsHandler;
import dev.plimsoll.streams.minute.SmallRocksDbStores;
import dev.plimsoll.streams.minute.UnwritableRows;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

import static dev.plimsoll.streams.SettingsChecks.requireAtLeast;
import static dev.plimsoll.streams.SettingsChecks.requireNonNegative;
import static dev.plimsoll.streams.SettingsChecks.requirePositive;
import static dev.plimsoll.streams.SettingsChecks.requireText;

/**
 * Settings of the service-minute Kafka Streams job. Configuration keys (mapped by the {@code app}
 * module) are given per component. Change settings with {@link #toBuilder()}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code plimsoll.kafka.bootstrap-servers})
 * @param applicationId Kafka Streams application id: consumer group, prefix of internal topics
 *     ({@code plimsoll.streams.application-id}, default {@code plimsoll-service-minute})
 * @param inputTopic request events ({@code plimsoll.streams.input-topic}, default {@code
 *     telemetry.requests.v1})
 * @param outputTopic final minute rows ({@code plimsoll.streams.output-topic}, default {@code
 *     metrics.service-minute.v1})
 * @param grace how long after a minute ends its window still accepts events ({@code
 *     plimsoll.streams.grace}, default 2 min): when a minute's row is first written. Events are
 *     placed by request start; one arriving after its minute was written (a request longer than the
 *     grace period, sent when it ends; a replayed backlog) is counted in a correction row of that
 *     minute, written a minute plus the grace period after it arrived (ADR 0011), and in the {@code
 *     late-corrected-records} metric
 * @param commitInterval how often Streams commits ({@code plimsoll.streams.commit-interval},
 *     default 1 s). The in-memory aggregates reach the changelogged store at each commit, so a
 *     shorter interval writes more changelog; output is per minute, so latency hardly matters
 * @param concurrencyHorizon how far past its start minute a long request still counts as in flight
 *     ({@code plimsoll.streams.concurrency-horizon}, default 1 h); bounds the windows a single
 *     event can open
 * @param idleCloseAfter wall-clock time without any record after which a task's event-time clock
 *     follows the wall clock ({@code plimsoll.streams.idle-close-after}, default 30 s; {@code 0}
 *     disables): its windows then close as if time had kept flowing, so a service that stops
 *     sending still gets its last minutes written. While records keep arriving (including a backlog
 *     after downtime) only their timestamps move the clock. Events later arriving behind the
 *     advanced clock by more than the grace period become corrections
 * @param maxClockSkew how far a record may move the job's event-time clock ahead of the time it
 *     reached Kafka (its record timestamp, or the job's wall clock if that is earlier) ({@code
 *     plimsoll.streams.max-clock-skew}, default 10 s; shorter than the grace period, or 0). An
 *     event dated further ahead (a sender with a wrong clock) is still aggregated into its own
 *     minute, written when the clock gets there, but moves the clock only up to that bound: it
 *     cannot close open windows early or make on-time events late. It is counted in {@code
 *     future-records} and logged. With such a sender on a partition, events are accepted if they
 *     reach Kafka within {@code grace - maxClockSkew} of their minute's end (see the module README)
 * @param idempotencyWindow how long the job remembers the batches sent with an {@code
 *     Idempotency-Key} whose records it counted ({@code plimsoll.streams.idempotency-window},
 *     default 24 h, core's {@code Idempotency.WINDOW}): a record of such a batch counted again
 *     within this time, by the job's clock, is a retry and skipped ({@code duplicate-records}).
 *     State: one entry per batch and task, on disk (RocksDB), ADR 0012
 * @param stateDir Kafka Streams state directory ({@code plimsoll.streams.state-dir})
 * @param threads stream threads ({@code plimsoll.streams.threads}, default 1)
 * @param topicPartitions partitions of the input and output topics when the job creates them
 *     ({@code plimsoll.streams.topic-partitions}, default 3)
 * @param replicationFactor replication of the topics it creates and of its internal topics ({@code
 *     plimsoll.streams.replication-factor}, default 1; use 3 in production)
 * @param kafkaOverrides extra Kafka Streams properties; {@code processing.guarantee} is always
 *     {@code exactly_once_v2}. Defaults they may replace: records up to 16 MiB, lz4, undecodable
 *     input logged and skipped, rows Kafka refuses for good skipped ({@link
 *     dev.plimsoll.streams.minute.SkipUnwritableRowsHandler})
 */
public record StreamsSettings(
        String bootstrapServers,
        String applicationId,
        String inputTopic,
        String outputTopic,
        Duration grace,
        Duration commitInterval,
        Duration concurrencyHorizon,
        Duration idleCloseAfter,
        Duration maxClockSkew,
        Duration idempotencyWindow,
        Path stateDir,
        int threads,
        int topicPartitions,
        short replicationFactor,
        Map<String, String> kafkaOverrides) {

    public static final String DEFAULT_APPLICATION_ID = "plimsoll-service-minute";
    public static final String DEFAULT_INPUT_TOPIC = "telemetry.requests.v1";
    public static final String DEFAULT_OUTPUT_TOPIC = "metrics.service-minute.v1";
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(2);
    public static final Duration DEFAULT_IDLE_CLOSE_AFTER = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(10);

    /**
     * Largest record the job writes (output rows, changelog chunks): 16 MiB. A whole-service row
     * carries up to 65 536 user hashes (about 1.4 MB of JSON), more than Kafka's 1 MB default.
     */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    public StreamsSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(applicationId, "applicationId");
        requireText(inputTopic, "inputTopic");
        requireText(outputTopic, "outputTopic");
        requireNonNegative(grace, "grace");
        requirePositive(commitInterval, "commitInterval");
        Objects.requireNonNull(concurrencyHorizon, "concurrencyHorizon");
        if (concurrencyHorizon.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "concurrencyHorizon must be at least 1 minute, was " + concurrencyHorizon);
        }
        Objects.requireNonNull(idleCloseAfter, "idleCloseAfter");
        if (idleCloseAfter.isNegative()) {
            throw new IllegalArgumentException(
                    "idleCloseAfter must be >= 0 (0 disables), was " + idleCloseAfter);
        }
        requireNonNegative(maxClockSkew, "maxClockSkew");
        requirePositive(idempotencyWindow, "idempotencyWindow");
        Objects.requireNonNull(stateDir, "stateDir");
        requireAtLeast(threads, 1, "threads");
        requireAtLeast(topicPartitions, 1, "topicPartitions");
        requireAtLeast(replicationFactor, 1, "replicationFactor");
        kafkaOverrides = Map.copyOf(kafkaOverrides);
    }

    /** Defaults for everything but the broker and the state directory. */
    public static StreamsSettings defaults(String bootstrapServers, Path stateDir) {
        return new StreamsSettings(
                bootstrapServers,
                DEFAULT_APPLICATION_ID,
                DEFAULT_INPUT_TOPIC,
                DEFAULT_OUTPUT_TOPIC,
                DEFAULT_GRACE,
                Duration.ofSeconds(1),
                Duration.ofHours(1),
                DEFAULT_IDLE_CLOSE_AFTER,
                DEFAULT_MAX_CLOCK_SKEW,
                Idempotency.WINDOW,
                stateDir,
                1,
                3,
                (short) 1,
                Map.of());
    }

    /**
     * A builder holding these settings, to change some of them: {@code
     * StreamsSettings.defaults(bootstrap, stateDir).toBuilder().grace(grace).build()}.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Checks what single settings cannot: the maximum clock skew must be shorter than the grace
     * period (or 0), or one sender with a clock ahead could still make every on-time event late.
     * Called when the topology is built, so that settings may be changed in any order.
     *
     * @return these settings
     * @throws IllegalArgumentException naming both keys
     */
    public StreamsSettings requireConsistent() {
        if (!maxClockSkew.isZero() && maxClockSkew.compareTo(grace) >= 0) {
            throw new IllegalArgumentException(
                    "plimsoll.streams.max-clock-skew ("
                            + maxClockSkew
                            + ") must be shorter than plimsoll.streams.grace ("
                            + grace
                            + "): one event moving the clock that far ahead of now would make"
                            + " events sent on time late. Lower max-clock-skew (0 is allowed) or"
                            + " raise the grace period");
        }
        return this;
    }

    /**
     * The Kafka Streams configuration: defaults, then the overrides, then what the guarantees
     * require. It holds a new, empty {@link UnwritableRows} registry: build one {@code
     * KafkaStreams} per call.
     */
    public Properties toProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        // A record that is not a request event is logged, counted (dropped-records) and skipped
        // rather than stopping the job; ingest validated it already.
        p.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        // A row Kafka refuses for good is logged, counted (unwritable-rows-skipped) and skipped;
        // transient errors are retried (SkipUnwritableRowsHandler).
        p.put(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
                SkipUnwritableRowsHandler.class.getName());
        p.put(SkipUnwritableRowsHandler.OUTPUT_TOPIC_CONFIG, outputTopic);
        p.put(UnwritableRows.CONFIG, new UnwritableRows());
        p.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(MAX_MESSAGE_BYTES));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SmallRocksDbStores.class.getName());
        p.putAll(kafkaOverrides);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return p;
    }

    /**
     * Changes settings one by one; {@link #build()} checks them (the record's constructor). Not
     * thread-safe.
     */
    public static final class Builder {
        private String bootstrapServers;
        private String applicationId;
        private String inputTopic;
        private String outputTopic;
        private Duration grace;
        private Duration commitInterval;
        private Duration concurrencyHorizon;
        private Duration idleCloseAfter;
        private Duration maxClockSkew;
        private Duration idempotencyWindow;
        private Path stateDir;
        private int threads;
        private int topicPartitions;
        private short replicationFactor;
        private Map<String, String> kafkaOverrides;

        private Builder(StreamsSettings s) {
            bootstrapServers = s.bootstrapServers;
            applicationId = s.applicationId;
            inputTopic = s.inputTopic;
            outputTopic = s.outputTopic;
            grace = s.grace;
            commitInterval = s.commitInterval;
            concurrencyHorizon = s.concurrencyHorizon;
            idleCloseAfter = s.idleCloseAfter;
            maxClockSkew = s.maxClockSkew;
            idempotencyWindow = s.idempotencyWindow;
            stateDir = s.stateDir;
            threads = s.threads;
            topicPartitions = s.topicPartitions;
            replicationFactor = s.replicationFactor;
            kafkaOverrides = s.kafkaOverrides;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder applicationId(String applicationId) {
            this.applicationId = applicationId;
            return this;
        }

        public Builder inputTopic(String inputTopic) {
            this.inputTopic = inputTopic;
            return this;
        }

        public Builder outputTopic(String outputTopic) {
            this.outputTopic = outputTopic;
            return this;
        }

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder commitInterval(Duration commitInterval) {
            this.commitInterval = commitInterval;
            return this;
        }

        public Builder concurrencyHorizon(Duration concurrencyHorizon) {
            this.concurrencyHorizon = concurrencyHorizon;
            return this;
        }

        public Builder idleCloseAfter(Duration idleCloseAfter) {
            this.idleCloseAfter = idleCloseAfter;
            return this;
        }

        public Builder maxClockSkew(Duration maxClockSkew) {
            this.maxClockSkew = maxClockSkew;
            return this;
        }

        public Builder idempotencyWindow(Duration idempotencyWindow) {
            this.idempotencyWindow = idempotencyWindow;
            return this;
        }

        public Builder stateDir(Path stateDir) {
            this.stateDir = stateDir;
            return this;
        }

        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public Builder topicPartitions(int topicPartitions) {
            this.topicPartitions = topicPartitions;
            return this;
        }

        public Builder replicationFactor(short replicationFactor) {
            this.replicationFactor = replicationFactor;
            return this;
        }

        public Builder kafkaOverrides(Map<String, String> kafkaOverrides) {
            this.kafkaOverrides = kafkaOverrides;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting
         * @throws NullPointerException naming a missing one
         */
        public StreamsSettings build() {
            return new StreamsSettings(
                    bootstrapServers,
                    applicationId,
                    inputTopic,
                    outputTopic,
                    grace,
                    commitInterval,
                    concurrencyHorizon,
                    idleCloseAfter,
                    maxClockSkew,
                    idempotencyWindow,
                    stateDir,
                    threads,
                    topicPartitions,
                    replicationFactor,
                    kafkaOverrides);
        }
    }
}
