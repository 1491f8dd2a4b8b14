package dev.plimsoll.streams.sink;

import dev.plimsoll.streams.StreamsSettings;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the {@link ClickHouseSink}. Configuration keys (mapped by the {@code app} module) are
 * given per component.
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

    public ClickHouseSinkSettings withTopic(String topic) {
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

    public ClickHouseSinkSettings withGroupId(String groupId) {
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

    public ClickHouseSinkSettings withBatch(int batchRows, Duration batchInterval) {
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

    public ClickHouseSinkSettings withMaxRetryBackoff(Duration maxRetryBackoff) {
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

    public ClickHouseSinkSettings withTtl(TableTtl ttl) {
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

    public ClickHouseSinkSettings withApplyTtl(boolean applyTtl) {
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

    public ClickHouseSinkSettings withConsumerOverrides(Map<String, String> consumerOverrides) {
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

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
