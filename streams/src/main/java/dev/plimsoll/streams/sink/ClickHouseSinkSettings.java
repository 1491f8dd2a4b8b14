package dev.plimsoll.streams.sink;

import dev.plimsoll.streams.StreamsSettings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static dev.plimsoll.streams.SettingsChecks.requirePositive;
import static dev.plimsoll.streams.SettingsChecks.requireText;

/**
 * Settings of the {@link ClickHouseSink}. Configuration keys (mapped by the {@code app} module) are
 * given per component. Change settings with {@link #toBuilder()}.
 *
 * @param bootstrapServers Kafka bootstrap servers ({@code plimsoll.kafka.bootstrap-servers})
 * @param jdbcUrl ClickHouse JDBC URL including the database ({@code plimsoll.clickhouse.url})
 * @param topic topic of final minute rows ({@code plimsoll.streams.sink.topic}, default {@code
 *     metrics.service-minute.v1})
 * @param groupId consumer group of the sink ({@code plimsoll.streams.sink.group-id}, default {@code
 *     plimsoll-clickhouse-sink})
 * @param batchRows a batch is inserted when it holds this many rows ({@code
 *     plimsoll.streams.sink.batch-rows}, default 5 000; at most 1 000 000 so that one INSERT stays
 *     one ClickHouse block, which ClickHouse writes atomically)
 * @param batchInterval ... or when its oldest row has waited this long ({@code
 *     plimsoll.streams.sink.batch-interval}, default 2 s)
 * @param maxRetryBackoff longest wait between retries while ClickHouse fails ({@code
 *     plimsoll.streams.sink.max-retry-backoff}, default 30 s)
 * @param ttl TTL per table, applied at start when it differs ({@code
 *     plimsoll.streams.sink.ttl.minute|hour|day})
 * @param applyTtl whether to apply {@code ttl} at start ({@code plimsoll.streams.sink.apply-ttl},
 *     default true)
 * @param jdbcProperties extra JDBC properties (e.g. {@code user}, {@code password})
 * @param consumerOverrides extra Kafka consumer properties; the sink's guarantees need {@code
 *     isolation.level=read_committed} and {@code enable.auto.commit=false}, which cannot be
 *     overridden
 */
public record ClickHouseSinkSettings(
        String bootstrapServers,
        String jdbcUrl,
        String topic,
        String groupId,
        int batchRows,
        Duration batchInterval,
        Duration maxRetryBackoff,
        TableTtl ttl,
        boolean applyTtl,
        Map<String, String> jdbcProperties,
        Map<String, String> consumerOverrides) {

    /** Largest batch: ClickHouse's default {@code max_insert_block_size} is 1 048 449 rows. */
    public static final int MAX_BATCH_ROWS = 1_000_000;

    public static final String DEFAULT_GROUP_ID = "plimsoll-clickhouse-sink";

    public ClickHouseSinkSettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(jdbcUrl, "jdbcUrl");
        requireText(topic, "topic");
        requireText(groupId, "groupId");
        if (batchRows < 1 || batchRows > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException(
                    "batchRows must be between 1 and " + MAX_BATCH_ROWS + ", was " + batchRows);
        }
        requirePositive(batchInterval, "batchInterval");
        requirePositive(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(ttl, "ttl");
        jdbcProperties = Map.copyOf(jdbcProperties);
        consumerOverrides = Map.copyOf(consumerOverrides);
    }

    /** Defaults for everything but where Kafka and ClickHouse are. */
    public static ClickHouseSinkSettings defaults(String bootstrapServers, String jdbcUrl) {
        return new ClickHouseSinkSettings(
                bootstrapServers,
                jdbcUrl,
                StreamsSettings.DEFAULT_OUTPUT_TOPIC,
                DEFAULT_GROUP_ID,
                5_000,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                TableTtl.DEFAULTS,
                true,
                Map.of(),
                Map.of());
    }

    /**
     * A builder holding these settings, to change some of them: {@code
     * ClickHouseSinkSettings.defaults(bootstrap, jdbcUrl).toBuilder().groupId(group).build()}.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Changes settings one by one; {@link #build()} checks them (the record's constructor). Not
     * thread-safe.
     */
    public static final class Builder {
        private String bootstrapServers;
        private String jdbcUrl;
        private String topic;
        private String groupId;
        private int batchRows;
        private Duration batchInterval;
        private Duration maxRetryBackoff;
        private TableTtl ttl;
        private boolean applyTtl;
        private Map<String, String> jdbcProperties;
        private Map<String, String> consumerOverrides;

        private Builder(ClickHouseSinkSettings s) {
            bootstrapServers = s.bootstrapServers;
            jdbcUrl = s.jdbcUrl;
            topic = s.topic;
            groupId = s.groupId;
            batchRows = s.batchRows;
            batchInterval = s.batchInterval;
            maxRetryBackoff = s.maxRetryBackoff;
            ttl = s.ttl;
            applyTtl = s.applyTtl;
            jdbcProperties = s.jdbcProperties;
            consumerOverrides = s.consumerOverrides;
        }

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = bootstrapServers;
            return this;
        }

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        public Builder topic(String topic) {
            this.topic = topic;
            return this;
        }

        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        public Builder batchRows(int batchRows) {
            this.batchRows = batchRows;
            return this;
        }

        public Builder batchInterval(Duration batchInterval) {
            this.batchInterval = batchInterval;
            return this;
        }

        public Builder maxRetryBackoff(Duration maxRetryBackoff) {
            this.maxRetryBackoff = maxRetryBackoff;
            return this;
        }

        public Builder ttl(TableTtl ttl) {
            this.ttl = ttl;
            return this;
        }

        public Builder applyTtl(boolean applyTtl) {
            this.applyTtl = applyTtl;
            return this;
        }

        public Builder jdbcProperties(Map<String, String> jdbcProperties) {
            this.jdbcProperties = jdbcProperties;
            return this;
        }

        public Builder consumerOverrides(Map<String, String> consumerOverrides) {
            this.consumerOverrides = consumerOverrides;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the first invalid setting
         * @throws NullPointerException naming a missing one
         */
        public ClickHouseSinkSettings build() {
            return new ClickHouseSinkSettings(
                    bootstrapServers,
                    jdbcUrl,
                    topic,
                    groupId,
                    batchRows,
                    batchInterval,
                    maxRetryBackoff,
                    ttl,
                    applyTtl,
                    jdbcProperties,
                    consumerOverrides);
        }
    }
}
